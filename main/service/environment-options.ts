import { AppError } from '../../shared/app-error';
import type { EnvironmentId, EnvironmentOption } from '../../shared/contract-types';
import { ONEFILE_BASE_URLS } from '../onefile';

/**
 * The environments the Connect screen offers, in the order a careful user meets them:
 * the built-in sandbox first (the default on a first start: no token, nothing real),
 * then OneFile's Practice and Beta, then Live, then an address of one's own.
 */
export const ENVIRONMENT_OPTIONS: readonly EnvironmentOption[] = [
  {
    id: 'sandbox',
    label: 'Sandbox',
    description: 'A OneFile inside this app with example data. Try everything safely; no token needed.',
    baseUrl: null,
    live: false,
    needsToken: false,
  },
  {
    id: 'practice',
    label: 'Practice',
    description: "OneFile's practice site: real OneFile, test data.",
    baseUrl: ONEFILE_BASE_URLS.practice,
    live: false,
    needsToken: true,
  },
  {
    id: 'beta',
    label: 'Beta',
    description: "OneFile's beta site, for trying new OneFile versions.",
    baseUrl: ONEFILE_BASE_URLS.beta,
    live: false,
    needsToken: true,
  },
  {
    id: 'live',
    label: 'Live',
    description: "Your centre's real OneFile: real learners, real changes.",
    baseUrl: ONEFILE_BASE_URLS.live,
    live: true,
    needsToken: true,
  },
  {
    id: 'custom',
    label: 'Custom address',
    description: 'Another OneFile API address, e.g. a test server.',
    baseUrl: null,
    live: false,
    needsToken: true,
  },
];

export function environmentOption(id: EnvironmentId): EnvironmentOption {
  const option = ENVIRONMENT_OPTIONS.find((e) => e.id === id);
  if (!option) throw new AppError('bad-choice', `There is no environment called ${id}.`);
  return option;
}

/** The environment a run recorded (`sandbox`, `live`, ... or `custom`), as the view names it. */
export function environmentIdOf(name: string): EnvironmentId {
  return (ENVIRONMENT_OPTIONS.some((e) => e.id === name) ? name : 'custom') as EnvironmentId;
}
