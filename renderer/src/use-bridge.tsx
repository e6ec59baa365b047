import { createContext, useContext, type ReactNode } from 'react';
import type { Bridge } from './bridge';

const BridgeContext = createContext<Bridge | null>(null);

/** Provides the connected bridge (from `getBridge`) to every screen. */
export function BridgeProvider({ bridge, children }: { bridge: Bridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

/**
 * The one hook screens use to reach the import session: the typed client
 * (`bridge.client.getRows(...)`, `bridge.client.on('progress', ...)`) and the face.
 */
export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge must be used inside <BridgeProvider>.');
  return bridge;
}
