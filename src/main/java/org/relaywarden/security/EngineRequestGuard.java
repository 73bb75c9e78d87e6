package org.relaywarden.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.relaywarden.web.BufferedBodyRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, before the request reaches the engine, what a person who is neither an operator nor a Camunda
 * administrator may not do over Camunda's REST API ({@code /engine-rest}) or the webapps' engine API
 * ({@code /camunda/api/engine/engine/{name}}), so that a refused call changes nothing (issue 27.2: a refused
 * {@code job/{id}/execute} still ran the engine's failure handling and used up a retry):
 * <ul>
 *   <li>anything on jobs, job definitions, incidents, external tasks and batches (execute, retries, due dates,
 *       priorities, suspension; reading them too, so that no id can be told known from unknown);</li>
 *   <li>a task's delegation, resolution, identity links (candidates), its fields ({@code PUT task/{id}}: name,
 *       assignee, owner), creating or deleting a task, a BPMN error or escalation on it, and claiming or
 *       assigning it for anyone but oneself;</li>
 *   <li>any other change to a task the person cannot see answers exactly as one to an unknown task
 *       (404, the same body).</li>
 * </ul>
 * Every refusal is 403 with one body per rule (the id is not in it, so a known and an unknown id answer
 * alike) and one log line, without a stack trace. For everyone, a variable of type {@code Object} (a serialized
 * Java or other object) is refused with 400 before the engine would try to read it (it answered 500).
 * The engine's own guards ({@code process/VariableGuard}, {@code process/UserTaskGuard}) stay behind this.
 */
public class EngineRequestGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(EngineRequestGuard.class);

    /** Camunda's REST API (default or named engine) and the webapps' engine API: what follows is the resource path. */
    public static final Pattern ENGINE_PATH = Pattern.compile(
            "^(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)(/.*)?$");
    /** Resources only operators use. */
    static final Pattern OPERATOR_RESOURCES = Pattern.compile(
            "^/(job|job-definition|incident|external-task|batch)(/.*)?$");
    static final Pattern TASK = Pattern.compile("^/task/([^/]+)(/.*)?$");
    static final Set<String> FORBIDDEN_TASK_ACTIONS = Set.of("/delegate", "/resolve", "/identity-links",
            "/identity-links/delete", "/bpmnError", "/bpmnEscalation");
    static final Set<String> SELF_ONLY_TASK_ACTIONS = Set.of("/claim", "/assignee");
    static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** {@code task/count}, {@code task/create}, {@code task/report/...}: not a task's id. */
    static final Set<String> NOT_TASK_IDS = Set.of("count", "create", "report");

    /** Camunda's REST filter ({@link SecurityConfiguration}) authenticates before the guards read who is asking. */
    public static final int ENGINE_REST_AUTHENTICATION_ORDER = Ordered.LOWEST_PRECEDENCE - 20;
    /** This guard's place: right after the REST filter's authentication. */
    public static final int ORDER = ENGINE_REST_AUTHENTICATION_ORDER + 1;

    private final ProcessEngine engine;
    private final ObjectMapper json = new ObjectMapper();

    EngineRequestGuard(ProcessEngine engine) {
        this.engine = engine;
    }

    record Who(String userId, List<String> groups) {
        boolean privileged() {
            return groups.contains(Roles.OPERATORS) || groups.contains(Groups.CAMUNDA_ADMIN);
        }
    }

    /** The resource path after the engine prefix, without trailing slashes; empty when not an engine path. */
    public static Optional<String> resource(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Matcher m = ENGINE_PATH.matcher(path.replaceAll("/{2,}", "/"));
        if (!m.matches()) {
            return Optional.empty();
        }
        String rest = m.group(1) == null ? "/" : m.group(1);
        while (rest.length() > 1 && rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return Optional.of(rest);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return resource(request).isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String resource = resource(request).orElseThrow();
        String method = request.getMethod();
        Who who = who(request);
        String caller = who == null ? "an unauthenticated caller" : who.userId();
        HttpServletRequest forward = request;
        JsonNode body = null;
        if (!READS.contains(method) && request.getContentType() != null
                && request.getContentType().toLowerCase().startsWith(MediaType.APPLICATION_JSON_VALUE)) {
            // small: RequestSizeLimitFilter ran before
            byte[] bytes = request.getInputStream().readAllBytes();
            forward = new BufferedBodyRequest(request, bytes);
            body = parse(bytes);
            if (body != null && objectVariable(body)) {
                answer(response, request, resource, caller, HttpServletResponse.SC_BAD_REQUEST, "InvalidRequestException",
                        "variables of type Object (serialized Java or other objects) are not accepted: Relaywarden's"
                                + " forms take strings, booleans and numbers", "an Object variable");
                return;
            }
        }
        if (who != null && !who.privileged()) {
            String refusal = refusal(who, method, resource, body);
            if (refusal != null) {
                answer(response, request, resource, caller, HttpServletResponse.SC_FORBIDDEN, "AuthorizationException",
                        "Relaywarden: " + refusal + " (only operators may)", refusal);
                return;
            }
            Matcher task = TASK.matcher(resource);
            if (task.matches() && !READS.contains(method) && !NOT_TASK_IDS.contains(task.group(1))
                    && !visibleTask(who, task.group(1))) {
                answer(response, request, resource, caller, HttpServletResponse.SC_NOT_FOUND, "InvalidRequestException",
                        "no such task, or not one of yours", "a task it cannot see");
                return;
            }
        }
        chain.doFilter(forward, response);
    }

    /** Why the request is refused for a person who is neither operator nor administrator; null: it is not. */
    static String refusal(Who who, String method, String resource, JsonNode body) {
        if (OPERATOR_RESOURCES.matcher(resource).matches()) {
            return "jobs, job definitions, incidents, external tasks and batches are not for this role";
        }
        if (READS.contains(method)) {
            return null;
        }
        if (resource.equals("/task/create")) {
            return "creating a task is refused";
        }
        Matcher task = TASK.matcher(resource);
        if (!task.matches()) {
            return null;
        }
        String action = task.group(2) == null ? "" : task.group(2);
        if (action.isEmpty() && ("PUT".equals(method) || "DELETE".equals(method))) {
            return "changing a task's name, assignee, owner or other fields, or deleting it, is refused";
        }
        if (FORBIDDEN_TASK_ACTIONS.contains(action)) {
            return "delegating, resolving, changing candidates or throwing an error or escalation on a task is refused";
        }
        if (SELF_ONLY_TASK_ACTIONS.contains(action)) {
            String userId = body == null ? null : body.path("userId").asText(null);
            if (userId == null || !userId.equals(who.userId())) {
                return "claiming or assigning a task for another user is refused";
            }
        }
        return null;
    }

    /**
     * The authenticated person and its groups, as Camunda's REST filter (which ran before this one) put them in the
     * identity service; the webapps keep theirs in the session.
     */
    private Who who(HttpServletRequest request) {
        Authentication current = engine.getIdentityService().getCurrentAuthentication();
        if (current != null && current.getUserId() != null) {
            return new Who(current.getUserId(), current.getGroupIds() == null ? List.of() : current.getGroupIds());
        }
        HttpSession session = request.getServletPath().startsWith("/camunda/") ? request.getSession(false) : null;
        if (session != null) {
            var auth = AuthenticationUtil.getAuthsFromSession(session).getAuthenticationForProcessEngine(engine.getName());
            if (auth instanceof UserAuthentication user) {
                return new Who(user.getIdentityId(), user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds()));
            }
        }
        return null;
    }

    /** The task exists and the person may see it (Camunda's authorizations, as the person). */
    private boolean visibleTask(Who who, String taskId) {
        return as(new Authentication(who.userId(), who.groups()),
                () -> engine.getTaskService().createTaskQuery().taskId(taskId).count() > 0);
    }

    /** Runs the work as this authentication, then restores the request's. */
    private <T> T as(Authentication authentication, Supplier<T> work) {
        var identity = engine.getIdentityService();
        Authentication before = identity.getCurrentAuthentication();
        identity.setAuthentication(authentication);
        try {
            return work.get();
        } finally {
            if (before == null) {
                identity.clearAuthentication();
            } else {
                identity.setAuthentication(before);
            }
        }
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : json.readTree(bytes);
        } catch (IOException notJson) {
            return null; // Camunda answers malformed JSON with its own 400
        }
    }

    /** Somewhere in the body, a variable {@code {"type": "Object", "value": ...}}. */
    static boolean objectVariable(JsonNode node) {
        if (node.isObject() && node.has("value") && node.path("type").isTextual()
                && "object".equalsIgnoreCase(node.path("type").asText())) {
            return true;
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            if (objectVariable(children.next())) {
                return true;
            }
        }
        return false;
    }

    /** A refusal: the status and a body like Camunda's own, one log line without a stack trace. */
    public static void answer(HttpServletResponse response, HttpServletRequest request, String resource, String caller,
                              int status, String type, String message, String what) throws IOException {
        log.warn("refused before the engine: {} {} ({}) for {}", request.getMethod(), printable(resource), what,
                printable(caller));
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }

    /** For the log: no control characters, bounded. */
    private static String printable(String s) {
        String cleaned = s.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) + "..." : cleaned;
    }
}
