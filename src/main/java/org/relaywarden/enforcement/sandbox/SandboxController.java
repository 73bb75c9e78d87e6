package org.relaywarden.enforcement.sandbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Simulation endpoints of the sandbox mail server: flood an account with spam, look at its queue.
 * Registered only when the sandbox is the configured mail server.
 */
@RestController
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "sandbox", matchIfMissing = true)
@RequestMapping("/api/v1/sandbox")
public class SandboxController {

    private final SandboxMailServer sandbox;

    SandboxController(SandboxMailServer sandbox) {
        this.sandbox = sandbox;
    }

    public record FloodRequest(@Min(1) @Max(100_000) Integer count, @Min(1) @Max(100) Integer recipientsEach,
                               SandboxMailServer.Upstream upstream) {
    }

    @PostMapping("/accounts/{account}/flood")
    public SandboxMailServer.FloodResult flood(@PathVariable("account") String account,
                                               @jakarta.validation.Valid @RequestBody(required = false) FloodRequest request) {
        Account parsed = Account.parse(account);
        int count = request == null || request.count() == null ? 100 : request.count();
        int recipients = request == null || request.recipientsEach() == null ? 3 : request.recipientsEach();
        SandboxMailServer.Upstream upstream = request == null || request.upstream() == null
                ? SandboxMailServer.Upstream.DEFERS : request.upstream();
        return sandbox.flood(parsed, count, recipients, upstream);
    }

    public record AccountView(String account, String relayState, Map<QueueName, Long> queue, long delivered) {
    }

    @GetMapping("/accounts/{account}")
    public AccountView account(@PathVariable("account") String account) {
        Account parsed = Account.parse(account);
        return new AccountView(parsed.login(), sandbox.stateOf(parsed).name(), sandbox.queueCounts(parsed),
                sandbox.deliveredCount(parsed));
    }
}
