import type { Organisation } from '../../onefile';
import type { NewUserEmails } from '../../../shared/contract-run-types';

/**
 * Whether OneFile emails each user made in this organisation, read from the flags its
 * organisation search rows carry [doc: the keys; their meaning from OneFile's help on
 * Keychains: "When your OneFile account is first created, you'll receive an email"]. A flag
 * missing, or the creation flag on with no word on suppression, is `unknown`: nothing is
 * claimed either way.
 */
export function newUserEmailsOf(organisation: Partial<Pick<Organisation, 'KeychainCreationForNewUserActive' | 'KeychainEmailSuppression'>>): NewUserEmails {
  const creation = organisation.KeychainCreationForNewUserActive;
  const suppression = organisation.KeychainEmailSuppression;
  if (creation === false) return 'none';
  if (creation !== true || suppression === undefined) return 'unknown';
  return suppression ? 'suppressed' : 'sent';
}
