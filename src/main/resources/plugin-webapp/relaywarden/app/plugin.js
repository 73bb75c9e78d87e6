// Relaywarden's Cockpit plugin (issue 22): the "Relaywarden case" tab on a process instance's page.
//
// Camunda 7.24's front-end plugin format: an ES module whose default export is a list of plugin
// definitions; Cockpit calls render(node, {api, processInstanceId}) for a tab when it is opened.
//
// Safety: everything shown comes from Relaywarden's API and much of it from customers (answers, mail
// senders, subjects) or from mail logs. It is put on the page with textContent only, never innerHTML,
// so a hostile answer such as <img src=x onerror=...> shows as the text it is.
//
// Letters' HTML, as the customer saw it, goes into a sandboxed iframe (sandbox="" and srcdoc): no script runs
// in it, it has an origin of its own, and nothing of it reaches Cockpit's page.
//
// Data and actions: Relaywarden's own API, same origin, with the webapp's login session (the API accepts the
// session of a Camunda webapp login on /api/v1/cases/** with the user's groups). An action (POST/PUT) also sends
// the webapps' own CSRF token (cookie XSRF-TOKEN, header X-XSRF-TOKEN), as Cockpit's requests do; the API
// refuses a state change on the session without it. Which actions are offered the API says
// (/api/v1/cases/<id>/actions, from the same rules that guard them); each asks for a confirmation first.

const API = "/api/v1/cases/";
const TAB_ID = "relaywarden.processInstance.case";

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  if (cls) {
    e.className = cls;
  }
  return e;
}

function section(parent, title, id) {
  const s = el("section", null, "rw-section");
  s.id = id;
  s.appendChild(el("h4", title));
  parent.appendChild(s);
  return s;
}

function table(parent, headers, rows, id) {
  const t = el("table", null, "cam-table rw-table");
  if (id) {
    t.id = id;
  }
  const head = el("thead");
  const hr = el("tr");
  headers.forEach((h) => hr.appendChild(el("th", h)));
  head.appendChild(hr);
  t.appendChild(head);
  const body = el("tbody");
  rows.forEach((r) => {
    const tr = el("tr");
    r.forEach((cell) => {
      const td = el("td");
      if (cell instanceof Node) {
        td.appendChild(cell);
      } else {
        td.textContent = cell === undefined || cell === null ? "" : String(cell);
      }
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  t.appendChild(body);
  parent.appendChild(t);
  return t;
}

function when(instant) {
  if (!instant) {
    return "";
  }
  const d = new Date(instant);
  return isNaN(d.getTime()) ? String(instant) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

async function getJson(url) {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (response.status === 403) {
    return { forbidden: true };
  }
  if (!response.ok) {
    throw new Error(url + " answered " + response.status);
  }
  return { body: await response.json() };
}

function xsrfToken() {
  const pair = document.cookie.split(";").map((c) => c.trim()).find((c) => c.startsWith("XSRF-TOKEN="));
  return pair ? decodeURIComponent(pair.substring("XSRF-TOKEN=".length)) : "";
}

async function send(method, url, body) {
  const response = await fetch(url, {
    method: method,
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-XSRF-TOKEN": xsrfToken() },
    body: body === undefined ? "{}" : JSON.stringify(body),
  });
  if (!response.ok) {
    let detail = "";
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || "";
    } catch (ignored) {
      // no JSON body
    }
    throw new Error(method + " " + url + " answered " + response.status + (detail ? ": " + detail : ""));
  }
  return response.status === 204 ? null : response.json();
}

// An action in two steps: its button shows a question with "Confirm" and "Cancel"; only "Confirm" sends it.
function confirmed(parent, label, id, question, run, reload) {
  const holder = el("span", null, "rw-action");
  const button = el("button", label, "btn btn-default btn-sm");
  button.type = "button";
  button.id = id;
  holder.appendChild(button);
  parent.appendChild(holder);
  button.addEventListener("click", () => {
    const ask = el("span", null, "rw-confirmation");
    ask.appendChild(el("span", typeof question === "function" ? question() : question, "rw-question"));
    const yes = el("button", "Confirm", "btn btn-danger btn-sm rw-confirm");
    yes.type = "button";
    yes.id = id + "-confirm";
    const no = el("button", "Cancel", "btn btn-default btn-sm rw-cancel");
    no.type = "button";
    ask.appendChild(yes);
    ask.appendChild(no);
    button.style.display = "none";
    holder.appendChild(ask);
    no.addEventListener("click", () => {
      holder.removeChild(ask);
      button.style.display = "";
    });
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      const status = document.getElementById("rw-action-status");
      try {
        const message = await run();
        // an action may answer with its own message (the new password, shown this once)
        reload(typeof message === "string" ? message : label.replace(/…$/, "") + ": done.");
      } catch (e) {
        status.textContent = e.message;
        status.className = "rw-status rw-error";
        holder.removeChild(ask);
        button.style.display = "";
      }
    });
  });
}

function input(parent, label, id, value, type) {
  const wrap = el("label", label + " ", "rw-field");
  const field = el(type === "select" ? "select" : "input");
  field.id = id;
  if (type === "select") {
    value.forEach((v) => {
      const o = el("option", v);
      o.value = v;
      field.appendChild(o);
    });
  } else {
    field.type = "text";
    field.value = value || "";
  }
  wrap.appendChild(field);
  parent.appendChild(wrap);
  return field;
}

function notPermitted(parent) {
  parent.appendChild(el("p", "Your role may not see this part of the case.", "rw-forbidden"));
}

function renderSummary(root, c) {
  const s = section(root, "Case", "rw-summary");
  table(s, ["case", "account", "stage", "outcome", "relay state at close", "source", "reason", "alerts", "opened", "updated", "closed"],
    [[c.caseId, c.account, c.stage, c.outcome, c.finalRelayState, c.source, c.reason, c.alerts,
      when(c.createdAt), when(c.updatedAt), when(c.closedAt)]], "rw-case-table");
  if (c.contact) {
    s.appendChild(el("p", "Contact of record: " + c.contact));
  }
}

// The policy core's risk: why the account's mail was held or suspended (the case record's verdicts), and the review.
function renderRisk(root, risk) {
  if (!risk) {
    return;
  }
  const s = section(root, "Risk: what gave it away", "rw-risk");
  const held = risk.heldReview;
  if (held) {
    s.appendChild(el("p", "Mail held since " + when(held.heldSince) + (held.decision
      ? "; decided " + held.decision.toLowerCase() + " by " + held.decidedBy + " " + when(held.decidedAt)
        + (held.note ? ": " + held.note : "")
      : "; waiting for the desk (reminder " + held.reviewReminder + ", suspended after " + held.reviewDeadline + ")")));
  }
  for (const v of risk.verdicts) {
    s.appendChild(el("p", v.level + " (score " + Number(v.score).toFixed(2) + ") " + when(v.decidedAt), "rw-risk-level"));
    const list = el("ul", null, "rw-risk-reasons");
    v.reasons.forEach((r) => list.appendChild(el("li", r)));
    s.appendChild(list);
  }
}

function renderEvidence(root, evidence) {
  const s = section(root, "Evidence", "rw-evidence");
  if (!evidence) {
    s.appendChild(el("p", "No evidence gathered yet."));
    return;
  }
  table(s, ["messages", "recipients", "submissions 24h", "recipients 24h", "clients 24h", "refused 24h",
    "accepted before stop", "window messages", "window recipients", "gathered"],
    [[evidence.messageCount, evidence.recipientCount, evidence.submissionsLast24h, evidence.recipientsLast24h,
      evidence.distinctClientsLast24h, evidence.refusedLast24h === null ? "unknown" : evidence.refusedLast24h,
      evidence.acceptedBeforeStop, evidence.windowMessages, evidence.windowRecipients, when(evidence.gatheredAt)]],
    "rw-evidence-table");
  if (evidence.topDomains && evidence.topDomains.length) {
    s.appendChild(el("p", "Top recipient domains: " + evidence.topDomains.join(", ")));
  }
  if (evidence.sampleLog && evidence.sampleLog.length) {
    s.appendChild(el("pre", evidence.sampleLog.join("\n"), "rw-log"));
  }
}

function renderTimeline(root, audit) {
  const s = section(root, "Timeline (audit trail)", "rw-timeline");
  table(s, ["when", "who", "what", "detail"],
    audit.entries.map((a) => [when(a.at), a.actor, a.action, a.detail]), "rw-audit-table");
  if (audit.total > audit.entries.length) {
    s.appendChild(el("p", (audit.total - audit.entries.length) + " later entries: " + API + "…/audit?offset="
      + audit.entries.length));
  }
}

function renderLetters(root, letters) {
  const s = section(root, "Letters", "rw-letters");
  if (letters.forbidden) {
    notPermitted(s);
    return;
  }
  if (!letters.body.length) {
    s.appendChild(el("p", "No letters yet."));
  }
  letters.body.forEach((l) => {
    const letter = el("article", null, "rw-letter");
    letter.appendChild(el("h5", l.subject, "rw-letter-subject"));
    letter.appendChild(el("p", l.kind + " to " + (l.recipients || []).join(", ")
      + (l.sentAt ? ", sent " + when(l.sentAt) : ", not sent yet (created " + when(l.createdAt) + ")")));
    letter.appendChild(el("pre", l.body, "rw-letter-body"));
    if (l.htmlBody) {
      // as the customer saw it: in a sandboxed frame (no scripts, an origin of its own), never in this page
      const html = el("details", null, "rw-letter-html");
      html.appendChild(el("summary", "HTML as the customer saw it"));
      const frame = document.createElement("iframe");
      frame.setAttribute("sandbox", "");
      frame.setAttribute("referrerpolicy", "no-referrer");
      frame.setAttribute("title", "letter " + l.subject);
      frame.className = "rw-letter-frame";
      frame.srcdoc = l.htmlBody;
      html.appendChild(frame);
      letter.appendChild(html);
    }
    s.appendChild(letter);
  });
}

function renderAnswers(root, answers) {
  const s = section(root, "Answers", "rw-answers");
  if (answers.forbidden) {
    notPermitted(s);
    return;
  }
  if (!answers.body.length) {
    s.appendChild(el("p", "No answers yet."));
    return;
  }
  table(s, ["round", "received", "channel", "judged", "1 cause", "2 prevention", "3 queue emptied", "queue output"],
    answers.body.map((r) => {
      const a = r.answers || {};
      const cause = el("pre", a.cause, "rw-answer");
      const prevention = el("pre", a.prevention, "rw-answer");
      const output = el("pre", a.queueOutput, "rw-answer");
      return [r.round, when(r.receivedAt), r.channel, r.complete ? "complete" : "missing " + r.missing, cause,
        prevention, a.queueEmptied === true ? "yes" : a.queueEmptied === false ? "no" : "", output];
    }), "rw-answers-table");
}

function renderQuarantine(root, caseId, quarantine, actions, reload) {
  const s = section(root, "Quarantined mail", "rw-quarantine");
  if (quarantine.forbidden) {
    notPermitted(s);
    return;
  }
  if (!quarantine.body.length) {
    s.appendChild(el("p", "Nothing in quarantine."));
    return;
  }
  const base = API + encodeURIComponent(caseId) + "/quarantine/";
  table(s, ["id", "relay", "queue id", "sender", "recipients", "size", "arrived", "state", "", ""],
    quarantine.body.map((m) => {
      const cell = el("span");
      if (m.state !== "PURGED") {
        const download = el("a", "download .eml", "rw-download");
        download.id = "rw-download-" + m.id;
        download.href = base + encodeURIComponent(m.id);
        download.setAttribute("download", caseId + "-" + m.id + ".eml");
        cell.appendChild(download);
      }
      const act = el("span");
      if (m.state === "STORED" && actions.releaseQuarantined) {
        confirmed(act, "Release…", "rw-release-" + m.id,
          "Hand message " + m.queueId + " back to relay " + m.relay + " for delivery to "
          + (m.recipients || []).length + " recipients?",
          () => send("POST", base + encodeURIComponent(m.id) + "/release"), reload);
      }
      if ((m.state === "STORED" || m.state === "RELEASED") && actions.purgeQuarantined) {
        confirmed(act, "Purge…", "rw-purge-" + m.id, "Delete message " + m.queueId + " from quarantine for good?",
          () => send("POST", base + encodeURIComponent(m.id) + "/purge", { reason: "purged in Cockpit" }), reload);
      }
      return [m.id, m.relay, m.queueId, m.sender, (m.recipients || []).join(", "), m.size, when(m.arrival), m.state,
        cell, act];
    }), "rw-quarantine-table");
}

function renderRelayState(root, relayState) {
  const s = section(root, "The account on each relay (now)", "rw-relay-state");
  if (relayState.forbidden) {
    notPermitted(s);
    return;
  }
  table(s, ["relay", "state", "how"], relayState.body.relays.map((r) => [r.relay, r.state, r.detail]), "rw-relay-table");
}

// After an accepted (202) action that closes the case in the background: look every half second, `tries` times.
async function closedWithin(base, tries) {
  for (let i = 0; i < tries; i++) {
    const now = await getJson(base);
    if (now.body && now.body.closedAt) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function renderActions(root, caseId, view, actions, failedSteps, reload) {
  const s = section(root, "Actions", "rw-actions");
  const base = API + encodeURIComponent(caseId);
  const heldForReview = view.stage === "HELD_FOR_REVIEW" && !(view.risk && view.risk.heldReview && view.risk.heldReview.decision);
  const any = actions.close || actions.addContact || actions.changeDurations || (actions.retry && failedSteps > 0)
    || (actions.releaseHeld && heldForReview);
  if (!view.open || !any) {
    s.appendChild(el("p", !view.open ? "The case is closed." : "Your role has no actions on this case."));
    return;
  }
  if (actions.releaseHeld && heldForReview) {
    // one action: the process releases every held message, relays again, tells the policy core, closes the case
    const row = el("div", null, "rw-action-row");
    const note = input(row, "Note (why it is legitimate)", "rw-release-held-note", "");
    confirmed(row, "Release held mail…", "rw-release-held", () => "Release the mail held for " + view.account
      + " as legitimate, relay again and close " + caseId + " as a false positive?", async () => {
      await send("POST", base + "/release-held", { note: note.value });
      await closedWithin(base, 40);
    }, reload);
    s.appendChild(row);
  }
  if (actions.close) {
    const row = el("div", null, "rw-action-row");
    const state = input(row, "Final relay state", "rw-close-state", ["SUSPENDED", "ACTIVE"], "select");
    const reason = input(row, "Reason", "rw-close-reason", "");
    confirmed(row, "Close case…", "rw-close", () => "Close " + caseId + " and leave " + view.account + " "
      + state.value + "?", async () => {
      // accepted (202): the process closes the case in the background; wait a little for it to be closed
      await send("POST", base + "/close", { finalRelayState: state.value, reason: reason.value });
      await closedWithin(base, 20);
    }, reload);
    s.appendChild(row);
  }
  if (actions.addContact) {
    const row = el("div", null, "rw-action-row");
    const address = input(row, "Contact address", "rw-contact-address", "");
    const reason = input(row, "Why", "rw-contact-reason", "");
    confirmed(row, "Add address…", "rw-contact", () => "Send " + caseId + "'s letters to " + address.value
      + " as well?", () => send("POST", base + "/contacts", { address: address.value, reason: reason.value }), reload);
    s.appendChild(row);
  }
  if (actions.changeDurations) {
    const row = el("div", null, "rw-action-row");
    const watch = input(row, "Watch window (ISO 8601, e.g. PT30M)", "rw-watch-window", "");
    confirmed(row, "Extend watch window…", "rw-watch", () => "Set " + caseId + "'s watch window to " + watch.value
      + "?", () => send("PUT", base + "/durations", { watchWindow: watch.value }), reload);
    s.appendChild(row);
  }
  if (actions.retry && failedSteps > 0) {
    const row = el("div", null, "rw-action-row");
    row.appendChild(el("span", failedSteps + " failed step(s) (incidents). "));
    confirmed(row, "Retry failed step…", "rw-retry", "Retry the failed steps of " + caseId + "?",
      () => send("POST", base + "/retry", { reason: "retried in Cockpit" }), reload);
    s.appendChild(row);
  }
}

// The search box: a case by its id (RW-12) or by account; a result opens its process instance's case tab.
function renderSearch(root, api) {
  const s = el("form", null, "rw-search form-inline");
  s.id = "rw-search";
  const field = el("input", null, "form-control input-sm");
  field.id = "rw-search-q";
  field.type = "search";
  field.placeholder = "case id (RW-12) or account";
  const go = el("button", "Find case", "btn btn-default btn-sm");
  go.type = "submit";
  go.id = "rw-search-go";
  const results = el("ul", null, "rw-search-results");
  results.id = "rw-search-results";
  s.appendChild(field);
  s.appendChild(go);
  s.appendChild(results);
  root.appendChild(s);
  s.addEventListener("submit", async (event) => {
    event.preventDefault();
    results.textContent = "";
    try {
      const found = await getJson(API.replace(/\/$/, "") + "?limit=20&q=" + encodeURIComponent(field.value.trim()));
      if (found.forbidden || !found.body.length) {
        results.appendChild(el("li", found.forbidden ? "Your role may not search cases." : "No case found."));
        return;
      }
      for (const c of found.body) {
        const item = el("li", null, "rw-search-result");
        const running = await getJson(api.engineApi + "/process-instance?businessKey=" + encodeURIComponent(c.caseId));
        const instance = running.body && running.body.length ? running.body[0] : null;
        const label = c.caseId + " " + c.account + " " + c.stage + (c.outcome ? " (" + c.outcome + ")" : "");
        if (instance) {
          const link = el("a", label);
          link.href = "#/process-instance/" + encodeURIComponent(instance.id) + "/runtime?tab="
            + encodeURIComponent(TAB_ID);
          item.appendChild(link);
        } else {
          item.appendChild(el("span", label + ": no running process instance (read it with " + API + c.caseId + ")"));
        }
        results.appendChild(item);
      }
    } catch (e) {
      results.appendChild(el("li", "Search failed: " + e.message, "rw-error"));
    }
  });
}

// The cracked password: changed since the suspension? (the case record's latest check), answer 2 against it, resets.
function renderPassword(root, caseId, credential, actions, open, reload) {
  const s = section(root, "Password (the cracked credential)", "rw-password");
  const base = API + encodeURIComponent(caseId) + "/credential";
  if (!credential) {
    s.appendChild(el("p", "Not checked: no credential store is configured (relaywarden.credentials.store)."));
  } else {
    const line = el("p", credential.summary, credential.status === "UNCHANGED" ? "rw-password-check rw-error" : "rw-password-check");
    line.id = "rw-password-check";
    s.appendChild(line);
    if (credential.claimContradicted) {
      const flag = el("p", "Answer 2 says the passwords were changed, but this password is unchanged since the suspension.",
        "rw-password-claim rw-error");
      flag.id = "rw-password-claim";
      s.appendChild(flag);
    }
    if (credential.resets && credential.resets.length) {
      table(s, ["password resets"], credential.resets.map((r) => [r]), "rw-password-resets");
    }
  }
  if (!open) {
    return;
  }
  const row = el("div", null, "rw-action-row");
  if (actions.checkPassword) {
    confirmed(row, "Check password now…", "rw-password-recheck", "Read the credential store now and compare?",
      () => send("POST", base + "/check"), reload);
  }
  if (actions.resetPassword) {
    const holder = el("span");
    confirmed(holder, "Set new password…", "rw-password-reset", "Set a new random password for " + caseId
      + "'s account now? The old one stops working at once; the new one is shown here once.", async () => {
      const answer = await send("POST", base + "/reset");
      // shown in the status line of the reloaded tab, this once; Relaywarden keeps no copy
      return "New password for " + answer.account + " (shown once, recorded nowhere; never send it by mail): " + answer.password;
    }, reload);
    row.appendChild(holder);
  }
  s.appendChild(row);
}

async function loadCase(root, api, processInstanceId, caseId, done) {
  root.textContent = "";
  renderSearch(root, api);
  // the outcome of the action that led to this reload stays on top
  const status = el("p", done || "Loading the case…", done ? "rw-status rw-done" : "rw-status");
  status.id = "rw-action-status";
  root.appendChild(status);
  const reload = (message) => loadCase(root, api, processInstanceId, caseId, message);
  try {
    const base = API + encodeURIComponent(caseId);
    const [view, audit, letters, answers, quarantine, relayState, actions, incidents] = await Promise.all([
      getJson(base), getJson(base + "/audit?offset=0&limit=500"), getJson(base + "/letters"),
      getJson(base + "/answers"), getJson(base + "/quarantine"), getJson(base + "/relay-state"),
      getJson(base + "/actions"),
      getJson(api.engineApi + "/incident/count?processInstanceId=" + encodeURIComponent(processInstanceId))
        .catch(() => ({ body: { count: 0 } }))]);
    if (view.forbidden) {
      status.textContent = "Your role may not see Relaywarden cases.";
      return;
    }
    if (!done) {
      status.textContent = "";
    }
    const allowed = actions.forbidden ? {} : actions.body.allowed;
    const open = !actions.forbidden && actions.body.open;
    renderSummary(root, view.body);
    renderActions(root, caseId, { open: open, account: view.body.account, stage: view.body.stage, risk: view.body.risk }, allowed,
      incidents.body ? incidents.body.count : 0, reload);
    renderRisk(root, view.body.risk);
    renderPassword(root, caseId, view.body.credential, allowed, open, reload);
    renderRelayState(root, relayState);
    renderTimeline(root, audit.forbidden ? { entries: view.body.audit, total: view.body.auditTotal } : audit.body);
    renderLetters(root, letters);
    renderAnswers(root, answers);
    renderEvidence(root, view.body.evidence);
    renderQuarantine(root, caseId, quarantine, allowed, reload);
    root.setAttribute("data-loaded", String(Date.now()));
  } catch (e) {
    status.textContent = "Could not load the case: " + e.message;
    status.className = "rw-status rw-error";
  }
}

async function renderCase(node, api, processInstanceId) {
  const root = el("div", null, "rw-case");
  root.id = "relaywarden-case";
  node.appendChild(root);
  const status = el("p", "Loading the case…", "rw-status");
  root.appendChild(status);
  try {
    const instance = await getJson(api.engineApi + "/process-instance/" + encodeURIComponent(processInstanceId));
    const caseId = instance.body && instance.body.businessKey;
    if (!caseId) {
      status.textContent = "This process instance has no case id (business key).";
      return;
    }
    // the case id is the process instance's business key, read once: after a close the instance is gone, the case not
    await loadCase(root, api, processInstanceId, caseId);
  } catch (e) {
    status.textContent = "Could not load the case: " + e.message;
    status.className = "rw-status rw-error";
  }
}

export default [
  {
    id: TAB_ID,
    pluginPoint: "cockpit.processInstance.runtime.tab",
    priority: 20,
    properties: { label: "Relaywarden case" },
    render: (node, { api, processInstanceId }) => {
      renderCase(node, api, processInstanceId);
    },
  },
];
