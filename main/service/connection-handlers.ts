import { UNFINISHED_RUN_STATES } from '../../shared/run-states';
import { AppError } from '../../shared/app-error';
import type { ServiceHandlers } from '../../shared/contract';
import type { AppStateView, ConnectionView, EnvironmentId } from '../../shared/contract-types';
import { resolveBaseUrl, tidyCustomerToken, type Organisation } from '../onefile';
import { listRuns, newUserEmailsOf } from '../import';
import { connect } from '../connection/connect';
import { writeSettings } from './app-settings';
import { fileView } from './file-views';
import { ENVIRONMENT_OPTIONS, environmentOption } from './environment-options';
import { checkReferences } from './references';
import { environmentSettings } from './environment-settings';
import { unfinishedRun } from './run-history';
import { dataChanged, networkFor, type ServiceContext } from './service-context';

/**
 * Connect, choose the organisation, forget a token; and the state the view starts
 * from. The customer token goes into the engine's client and the token store; it is
 * never part of any answer.
 */

type ConnectionHandlers = Pick<ServiceHandlers, 'getState' | 'listEnvironments' | 'connect' | 'disconnect' | 'forgetToken' | 'chooseOrganisation'>;

/** The token store's key: one per environment, one per custom address. */
export function tokenKey(environment: EnvironmentId, baseUrl: string): string {
  return environment === 'custom' ? `custom:${baseUrl}` : environment;
}

export function connectionView(context: ServiceContext): ConnectionView | null {
  const connection = context.connection;
  if (!connection) return null;
  const option = environmentOption(connection.environment);
  return {
    environment: connection.environment,
    environmentLabel: option.label,
    live: option.live,
    baseUrl: connection.baseUrl,
    customer: connection.customer,
    organisations: connection.organisations,
    organisation: connection.organisation,
  };
}

export async function buildState(context: ServiceContext): Promise<AppStateView> {
  const { settings, options } = context;
  const keys = await options.tokenStore.keys();
  const remembered = ENVIRONMENT_OPTIONS.filter((e) =>
    e.id === 'custom' ? settings.lastCustomBaseUrl !== undefined && keys.includes(tokenKey('custom', settings.lastCustomBaseUrl)) : keys.includes(e.id),
  ).map((e) => e.id);
  const activeRunId = context.run?.isActive() ? context.run.runId : null;
  const unfinished = listRuns(options.dataDir).filter((run) => run.runId !== activeRunId && UNFINISHED_RUN_STATES.has(run.state) && !run.undoneBy?.length).length;
  const workbook = context.workbook;
  return {
    environments: [...ENVIRONMENT_OPTIONS],
    preferredEnvironment: settings.lastEnvironment ?? 'sandbox',
    preferredCustomBaseUrl: settings.lastCustomBaseUrl ?? null,
    rememberedTokens: remembered,
    tokenStorage: options.tokenStore.info(),
    connection: connectionView(context),
    file: workbook ? fileView(context, workbook) : null,
    directory: context.directory,
    plan: context.planned?.view ?? null,
    run: context.run?.view() ?? null,
    recentFiles: settings.recentFiles.map((f) => ({ id: f.id, name: f.name, folder: f.folder, openedAt: f.openedAt })),
    unfinishedRuns: unfinished,
    unfinishedRun: unfinishedRun(options.dataDir, activeRunId),
    capabilities: { nativeDialogs: options.dialogs !== undefined, openInApp: options.dialogs !== undefined, face: options.face },
    revision: ++context.stateRevision,
    instance: context.instance,
  };
}

export function createConnectionHandlers(context: ServiceContext): ConnectionHandlers {
  const { options } = context;

  async function closeConnection(): Promise<void> {
    const engine = context.connection?.engine;
    context.connection = null;
    context.references = null;
    context.directory = { status: 'none', fetchedAt: null, message: null };
    dataChanged(context);
    await engine?.close();
  }

  return {
    getState: () => buildState(context),
    listEnvironments: async () => [...ENVIRONMENT_OPTIONS],

    async connect(input) {
      if (context.run?.isActive()) throw new AppError('run-active', 'An import is running. Wait for it to finish (or cancel it) before connecting elsewhere.');
      const option = environmentOption(input.environment);
      let engineEnvironment: string = input.environment;
      let baseUrl = option.baseUrl ?? '';
      if (input.environment === 'custom') {
        if (!input.customBaseUrl) throw new AppError('bad-choice', 'Type the OneFile API address for a custom environment, e.g. https://wsapi.example.org/api/v2.1/.');
        baseUrl = resolveBaseUrl(input.customBaseUrl);
        engineEnvironment = baseUrl;
      }
      let token: string | undefined;
      if (option.needsToken) {
        const given = input.customerToken ?? (await options.tokenStore.get(tokenKey(input.environment, baseUrl))) ?? undefined;
        token = given === undefined ? undefined : tidyCustomerToken(given) || undefined;
        if (!token) throw new AppError('token-needed', `Paste the customer token for ${option.label}. Your OneFile administrator finds it under Admin > API.`);
        context.secrets.add(token);
      }
      const engine = await connect({
        network: await networkFor(context, engineEnvironment),
        environment: engineEnvironment,
        customerToken: token,
        dataDir: options.dataDir,
        budgetPerMinute: environmentSettings(context.settings, options, options.dataDir, { environment: input.environment, baseUrl, engineEnvironment }).budgetPerMinute,
        windowMs: options.windowMs,
        sandboxSwitches: options.sandboxSwitches,
      });
      let customer: { ID: number; Name: string };
      let organisations: Organisation[];
      try {
        customer = await engine.client.getCustomer();
        organisations = await engine.client.searchOrganisations(customer.ID);
      } catch (error) {
        await engine.close();
        throw error;
      }
      await closeConnection();
      context.connection = {
        environment: input.environment,
        engineEnvironment,
        baseUrl: engine.environment.baseUrl,
        token,
        engine,
        customer: { id: customer.ID, name: customer.Name },
        organisations: organisations.map((o) => ({ id: o.ID, name: o.Name, newUserEmails: newUserEmailsOf(o) })),
        organisation: null,
      };
      if (token && input.rememberToken) await options.tokenStore.set(tokenKey(input.environment, baseUrl), token);
      context.settings = {
        ...context.settings,
        lastEnvironment: input.environment,
        lastCustomBaseUrl: input.environment === 'custom' ? baseUrl : context.settings.lastCustomBaseUrl,
      };
      await writeSettings(options.dataDir, context.settings);
      return connectionView(context)!;
    },

    async disconnect() {
      if (context.run?.isActive()) throw new AppError('run-active', 'An import is running. Wait for it to finish (or cancel it) first.');
      await closeConnection();
      return buildState(context);
    },

    async forgetToken(input) {
      const baseUrl = input.environment === 'custom' ? (context.settings.lastCustomBaseUrl ?? '') : '';
      await options.tokenStore.remove(tokenKey(input.environment, baseUrl));
      return buildState(context);
    },

    async chooseOrganisation(input) {
      const connection = context.connection;
      if (!connection) throw new AppError('not-connected', 'Connect to OneFile first.');
      if (context.run?.isActive()) throw new AppError('run-active', 'An import is running. Wait for it to finish before changing organisation.');
      const organisation = connection.organisations.find((o) => o.id === input.organisationId);
      if (!organisation) {
        const known = connection.organisations.map((o) => `${o.name} (${o.id})`).join(', ');
        throw new AppError('bad-choice', `Organisation ${input.organisationId} is not one of ${connection.customer.name}'s organisations: ${known}.`);
      }
      if (connection.organisation?.id !== organisation.id) {
        connection.organisation = organisation;
        context.references = null;
        context.directory = { status: 'none', fetchedAt: null, message: null };
        dataChanged(context);
      }
      return connectionView(context)!;
    },
  };
}

/** After a file is opened: check its names against the directory already downloaded, if any. */
export function recheckWithKnownDirectory(context: ServiceContext): void {
  if (context.references && context.workbook) {
    context.references = checkReferences(context.workbook, context.references.directory, context.references.fetchedAt, context.references.confine);
  }
}
