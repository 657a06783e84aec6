/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /**
     * The signed-in user, or null.
     * @example { id: 7, displayName: '张三', role: 'resident', phone: '13800001234', ... }
     */
    user: import('./lib/server/auth/session').SessionUser | null;
    /** The current session, or null. */
    session: import('./lib/server/auth/session').Session | null;
    /**
     * The signed-in user's unread notices as the session was read (the header's count); a page that
     * marks notices read sets it again.
     */
    unreadCount: number;
    /**
     * The request's language, from the `lang` cookie or Accept-Language.
     * @example 'zh-CN'
     */
    locale: import('./i18n').Locale;
    /** Translates a dotted key into the request's language. */
    t: import('./i18n').Translate;
    /** Correlates log lines of one request; also sent back as X-Request-Id. */
    requestId: string;
    /** The client's address (the load balancer's X-Forwarded-For when TRUST_PROXY is set). */
    clientIp: string;
    /** True when the request reached us over https (directly or per the trusted proxy). */
    secure: boolean;
    /**
     * The device's keyed hash (src/lib/server/http/device.ts), or null: from the mini-program's
     * X-Device-Id on the API, else the portal's device cookie. Never logged, never shown.
     */
    device: string | null;
    /**
     * Set when a form action was refused by a guard: the page is answered with this status, or, for
     * 401, by a redirect to log in that returns to the page.
     * @example { status: 403 }
     */
    formRefusal?: { status: number; values?: Record<string, string | string[]> };
    /** This page shows a form's input kept across the login detour (src/lib/server/http/form-drafts.ts). */
    formRestored?: boolean;
  }
}
