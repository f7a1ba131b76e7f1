/**
 * Password rule for chosen passwords (invitation accept, password change), after NIST SP
 * 800-63B §5.1.1.2 and OWASP's Authentication Cheat Sheet: at least 12 characters, and not a
 * common or easily guessed one — checked with zxcvbn-ts and its common-password dictionaries
 * (score ≥ 3 of 4, "safely unguessable"), also against the person's own name and email.
 * No composition rules. Demo seed passwords are set by the seed, not through this rule.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { errors } from '@audienceos/module-sdk';

export const MIN_PASSWORD_LENGTH = 12;
const MIN_SCORE = 3;

let checker: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  return checker;
}

/** Names and addresses as zxcvbn user inputs: whole, compacted ("patchanger"), and word by word. */
function personalWords(inputs: string[]): string[] {
  const words = new Set<string>();
  for (const input of inputs.filter(Boolean).map((i) => i.toLowerCase())) {
    words.add(input);
    words.add(input.replace(/[^\p{L}\p{N}]+/gu, ''));
    for (const part of input.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words].filter(Boolean);
}

/** The problem with `password` as a sentence for the person, or null when it is acceptable. */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  const result = zxcvbn().check(password.slice(0, 256), personalWords(userInputs));
  if (result.score >= MIN_SCORE) return null;
  const hint = result.feedback.warning ? ' It is too close to a common password or to your name or email.' : '';
  return `This password is too easy to guess.${hint} Try a longer phrase of unrelated words.`;
}

/** 422 on `field` (default `password`) when the password breaks the rule. */
export function assertAcceptablePassword(password: string, userInputs: string[] = [], field = 'password'): void {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw errors.invalid({ field, message: problem, type: 'passwordWeak' });
}
