package org.relaywarden.process;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.relaywarden.cases.CaseRecords;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Guards the process's facts and audits what people do to a case in the engine: the
 * {@link VariableGuard} before every command (agents and leads set only their form's fields; every decision
 * one of its form's values), the {@link UserTaskGuard} (no machine account on a user task),
 * {@link OneProcessPerCase} at every start, and
 * the {@link OperatorActionAudit} next to the engine's own history (operators' retries, variable
 * changes, cancellations and modifications over {@code /engine-rest} or Cockpit go into the case's
 * audit trail).
 */
@Component
class CaseFactsPlugin extends AbstractProcessEnginePlugin {

    private final CaseRecords cases;

    CaseFactsPlugin(CaseRecords cases) {
        this.cases = cases;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        // one guard per chain: an interceptor holds the next one of its chain, and a guard shared by both chains sent
        // every command into the REQUIRES_NEW chain (the engine then committed apart from its caller's transaction)
        configuration.setCustomPreCommandInterceptorsTxRequired(with(configuration.getCustomPreCommandInterceptorsTxRequired(),
                new VariableGuard(configuration::getIdentityService), new UserTaskGuard(configuration::getIdentityService)));
        configuration.setCustomPreCommandInterceptorsTxRequiresNew(with(configuration.getCustomPreCommandInterceptorsTxRequiresNew(),
                new VariableGuard(configuration::getIdentityService), new UserTaskGuard(configuration::getIdentityService)));
        // one process per case, and no machine account on a user task, whatever the BPMN says
        List<BpmnParseListener> parseListeners = configuration.getCustomPreBPMNParseListeners() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
        parseListeners.add(new CaseGuardsParseListener(new OneProcessPerCase(), new UserTaskGuard(configuration::getIdentityService)));
        configuration.setCustomPreBPMNParseListeners(parseListeners);
        List<HistoryEventHandler> handlers = configuration.getCustomHistoryEventHandlers() == null ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomHistoryEventHandlers());
        handlers.add(new OperatorActionAudit(cases));
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    private static List<CommandInterceptor> with(List<CommandInterceptor> existing, CommandInterceptor... added) {
        List<CommandInterceptor> list = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
        list.addAll(List.of(added));
        return list;
    }
}
