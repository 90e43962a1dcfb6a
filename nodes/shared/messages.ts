/**
 * The sentences a person reads when Zendesk refuses a credential, in one place: the credential
 * test (a rule message) and the trigger's errors (message plus description) both take them from
 * here, so the two screens never tell the same story in different words.
 *
 * Each entry is a `summary` (what happened) and `advice` (what to do). The credential test shows
 * `summary. advice` in one line; the trigger shows `summary (status)` as the error message and the
 * advice as its description. None of them quotes anything a server sent: they are constants, so a
 * response body (which may echo a secret) can never reach a credential test's message.
 */

/** Which of the two credentials the user connected with. */
export type CredentialKind = 'oauth2' | 'apiToken';

export interface UserMessage {
	/** What happened, without a full stop. */
	summary: string;
	/** What to do about it: one or more full sentences. */
	advice: string;
}

const ONLY_ADMINS = 'the incremental export is only open to Zendesk admins';
const CONNECT_ADMIN = 'Connect with an admin account.';

/** 401: Zendesk did not accept the credential (after n8n's token refresh, for OAuth2). */
export const REJECTED: Record<CredentialKind, UserMessage> = {
	oauth2: {
		summary: 'Zendesk rejected the credentials',
		advice:
			'Reconnect the Zendesk Export OAuth2 credential, and check that its OAuth client (ID and secret) still exists in Zendesk Admin Center (Apps and integrations > APIs > OAuth clients).',
	},
	apiToken: {
		summary: 'Zendesk rejected the credentials',
		advice:
			'Check the email address and the API token, and that token access is turned on in Zendesk Admin Center (Apps and integrations > APIs). API tokens stop working on 2027-04-30: switch to the OAuth2 credential.',
	},
};

/** 403 without a word about scopes: the user is not an admin. */
export const NOT_ADMIN: UserMessage = {
	summary: `Zendesk refused access: ${ONLY_ADMINS}`,
	advice: CONNECT_ADMIN,
};

/** 403 naming a missing scope: the OAuth client was created without `read`. */
export const MISSING_SCOPE: UserMessage = {
	summary: 'The OAuth token lacks the "read" scope Zendesk needs for the export',
	advice:
		'Add the read scope to the OAuth client in Zendesk Admin Center, then reconnect the credential so the new token carries it.',
};

/**
 * The credential test cannot tell the two 403s apart (n8n's rules match the status only), so for
 * OAuth2 it adds this to the not-admin sentence.
 */
export const SCOPE_HINT = 'The OAuth client also needs the read scope.';

/** 404: nothing answers at that subdomain (or at the API Base URL). */
export const NOT_FOUND: UserMessage = {
	summary: 'There is no Zendesk account at this subdomain',
	advice: 'Check the subdomain of the credential, and its API Base URL if you set one.',
};

/** `/users/me` answered 200 with `id: null`: Zendesk's way of saying "wrong credentials". */
export const ANONYMOUS: Record<CredentialKind, UserMessage> = {
	oauth2: {
		summary: 'Zendesk answered as an anonymous visitor, so it did not accept the OAuth token',
		advice: 'Reconnect the credential.',
	},
	apiToken: {
		summary:
			'Zendesk answered as an anonymous visitor, so it did not accept the email address and API token',
		advice: 'Check both (the email is the one you sign in to Zendesk with).',
	},
};

/** `/users/me` answered with a user whose role is `agent`. */
export const AGENT: UserMessage = {
	summary: `This Zendesk user is an agent, not an admin: ${ONLY_ADMINS}`,
	advice: CONNECT_ADMIN,
};

/** `/users/me` answered with a user whose role is `end-user`. */
export const END_USER: UserMessage = {
	summary: `This Zendesk user is an end user, not an admin: ${ONLY_ADMINS}`,
	advice: CONNECT_ADMIN,
};

/** The one-line form the credential test shows. */
export function oneLine(message: UserMessage): string {
	return `${message.summary}. ${message.advice}`;
}
