/**
 * The Unique Learner Number check digit: weights 10..2 on the first nine digits, sum
 * modulo 11; a remainder of 0 has no valid check digit, otherwise the tenth digit is
 * 10 - remainder. (Equivalently, all ten digits weighted 10..1 leave remainder 10.)
 */
export function ulnCheckDigit(firstNine: string): number | undefined {
  if (!/^[1-9]\d{8}$/.test(firstNine)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const remainder = sum % 11;
  return remainder === 0 ? undefined : 10 - remainder;
}

export function isValidUln(uln: string): boolean {
  if (!/^\d{10}$/.test(uln)) return false;
  return ulnCheckDigit(uln.slice(0, 9)) === Number(uln[9]);
}

/** A valid ULN from a random source (retries the rare first-nine digits that have no check digit). */
export function generateUln(random: () => number): string {
  for (;;) {
    let firstNine = String(1 + Math.floor(random() * 9));
    for (let i = 0; i < 8; i++) firstNine += String(Math.floor(random() * 10));
    const check = ulnCheckDigit(firstNine);
    if (check !== undefined) return firstNine + String(check);
  }
}
