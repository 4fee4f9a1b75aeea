// Entra's default password rule for cloud users: 8 to 256 characters and at least three of four
// character classes; `DisableStrongPassword` skips the class rule.
// https://learn.microsoft.com/entra/identity/authentication/concept-password-ban-bad-combined-policy

export function isPasswordComplexEnough(password: string, strongPasswordDisabled: boolean): boolean {
  if (password.length < 8 || password.length > 256) return false;
  if (strongPasswordDisabled) return true;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  return classes >= 3;
}
