package org.relaywarden.complaints;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The provider's outgoing addresses on DNS blocklists: the listings, and a check on demand. */
@RestController
@RequestMapping("/api/v1/blocklistings")
class BlocklistController {

    private final BlocklistWatch watch;

    BlocklistController(BlocklistWatch watch) {
        this.watch = watch;
    }

    @GetMapping
    @Operation(summary = "Listings of the provider's outgoing addresses, newest first (current=true: only those still listed)")
    List<Blocklistings.Listing> listings(@RequestParam(defaultValue = "false") boolean current,
                                         @RequestParam(defaultValue = "100") int limit) {
        return watch.recent(current, limit);
    }

    @PostMapping("/check")
    @Operation(summary = "Look up every configured address in every configured list now; what each list answered")
    List<DnsblLookup.Answer> check() {
        return watch.check();
    }
}
