// How a screen the console shows (the incident's Mitigate, the maintenance window's Execute) starts a
// team's action: the console owns the inputs form, so every screen asks it the same way.
import React, {useContext} from 'react';

/** Opens the action's inputs form (or, with no inputs, its plan); refusals are said in the footer. */
export type TeamActionOpener = (name: string, options?: {host?: string}) => void;

const TeamActionContext = React.createContext<TeamActionOpener | undefined>(undefined);

export const TeamActionProvider = TeamActionContext.Provider;

export function useTeamActionOpener(): TeamActionOpener | undefined {
	return useContext(TeamActionContext);
}
