package dev.socketfaq.serverport.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

/** LDAP failures in one readable line each, with the standard result names a client such as ldapadd reports. */
public final class LdapFailure {
    private LdapFailure() {}

    /** One readable reason for an LDAP failure, where no request was sent (starting the directory). */
    public static String why(LDAPException e) {
        return why(e, -1);
    }

    /**
     * One readable reason for an LDAP failure, rather than nested exceptions, saying how far the client got: it could
     * not connect ("cannot connect (Connection refused)"), or it connected and then had no answer within
     * {@code answerTimeoutMs} (the connection's response timeout), or the connection was closed before the answer,
     * or the answer was not LDAP. A directory that accepts the connection and then answers nothing is not unreachable:
     * "cannot connect" would send its reader looking for a network problem that is not there.
     */
    public static String why(LDAPException e, int answerTimeoutMs) {
        ResultCode code = e.getResultCode();
        if (code == ResultCode.CONNECT_ERROR) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            return "cannot connect (" + (root == e ? code.getName() : root.getMessage()) + ")";
        }
        if (code == ResultCode.TIMEOUT) { // UnboundID's response timeout: the connection was made, the request sent
            return "connected, but no answer within "
                    + (answerTimeoutMs > 0 ? answerTimeoutMs + " ms" : "the response timeout");
        }
        if (code == ResultCode.SERVER_DOWN) { // connected, then closed (or reset) before an answer came
            return "connected, but the connection was closed before an answer came";
        }
        if (code == ResultCode.DECODING_ERROR) {
            // UnboundID quotes the whole request ("... waiting for a response to search request
            // SearchRequest(baseDN=...,
            // filter=..., attrs=...):  Invalid protocol op type 04 ..."), hundreds of characters: keep the reason at
            // the end
            String text = e.getDiagnosticMessage() == null ? "" : e.getDiagnosticMessage();
            int end = text.lastIndexOf("):");
            String reason = (end < 0 ? text : text.substring(end + 2)).strip();
            if (reason.endsWith(".")) reason = reason.substring(0, reason.length() - 1);
            if (reason.length() > 80) reason = reason.substring(0, 77) + "...";
            return "the reply is not LDAP" + (reason.isEmpty() ? "" : " (" + reason + ")")
                    + ": is that an LDAP directory?";
        }
        if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) { // an anonymous write to a guarded directory
            return "insufficientAccessRights (50): only the directory's publisher (" + Publisher.DN
                    + ") may write; a server gets its password out of band (--password-file)";
        }
        if (code == ResultCode.INVALID_CREDENTIALS) {
            return "invalidCredentials (49): that is not the password of " + Publisher.DN;
        }
        return code.getName() + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
    }
}
