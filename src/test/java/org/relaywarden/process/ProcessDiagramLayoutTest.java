package org.relaywarden.process;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diagrams in {@code bpmn/} read as Cockpit shows them: no shape on another, no label on a shape, a label or
 * under a flow, no flow through a shape, every flow docked on its shapes, everything drawn and every name labelled
 * ({@link DiagramLayoutChecker}). The tiny models below prove that the checker finds each of these.
 */
class ProcessDiagramLayoutTest {

    static Stream<Path> diagrams() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("bpmn"))) {
            files = listing.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
        }
        assertThat(files).as("BPMN files in bpmn/").isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void diagramIsReadable(Path file) {
        List<String> problems = DiagramLayoutChecker.problems(Bpmn.readModelFromFile(file.toFile()));
        assertThat(problems).as(file + ": " + problems.size() + " layout problems:\n  " + String.join("\n  ", problems)).isEmpty();
    }

    // --- the checker itself, on tiny models: start -> task -> gateway -(yes)-> end, a timer on the task --------

    /** A clean layout; each test below breaks one thing in it. */
    static final String CLEAN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_Tiny" targetNamespace="https://relaywarden.org/test">
              <bpmn:process id="tiny" isExecutable="true">
                <bpmn:startEvent id="StartEvent_Tiny" name="Started"><bpmn:outgoing>Flow_Start_to_Task</bpmn:outgoing></bpmn:startEvent>
                <bpmn:task id="Task_Tiny" name="Do it"><bpmn:incoming>Flow_Start_to_Task</bpmn:incoming><bpmn:outgoing>Flow_Task_to_Gateway</bpmn:outgoing></bpmn:task>
                <bpmn:boundaryEvent id="Timer_Tiny" name="Late" attachedToRef="Task_Tiny" cancelActivity="false"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
                <bpmn:exclusiveGateway id="Gateway_Tiny" name="Done?"><bpmn:incoming>Flow_Task_to_Gateway</bpmn:incoming><bpmn:outgoing>Flow_Yes</bpmn:outgoing></bpmn:exclusiveGateway>
                <bpmn:endEvent id="End_Tiny" name="Ended"><bpmn:incoming>Flow_Yes</bpmn:incoming></bpmn:endEvent>
                <bpmn:sequenceFlow id="Flow_Start_to_Task" sourceRef="StartEvent_Tiny" targetRef="Task_Tiny" />
                <bpmn:sequenceFlow id="Flow_Task_to_Gateway" sourceRef="Task_Tiny" targetRef="Gateway_Tiny" />
                <bpmn:sequenceFlow id="Flow_Yes" name="yes" sourceRef="Gateway_Tiny" targetRef="End_Tiny" />
              </bpmn:process>
              <bpmndi:BPMNDiagram id="Diagram_Tiny"><bpmndi:BPMNPlane id="Plane_Tiny" bpmnElement="tiny">
                <bpmndi:BPMNShape id="StartEvent_Tiny_di" bpmnElement="StartEvent_Tiny"><dc:Bounds x="100" y="122" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="97" y="165" width="42" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="Task_Tiny_di" bpmnElement="Task_Tiny"><dc:Bounds x="200" y="100" width="100" height="80" /></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="Timer_Tiny_di" bpmnElement="Timer_Tiny"><dc:Bounds x="232" y="162" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="272" y="195" width="30" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="Gateway_Tiny_di" bpmnElement="Gateway_Tiny" isMarkerVisible="true"><dc:Bounds x="350" y="115" width="50" height="50" /><bpmndi:BPMNLabel><dc:Bounds x="355" y="95" width="40" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>
                <bpmndi:BPMNShape id="End_Tiny_di" bpmnElement="End_Tiny"><dc:Bounds x="482" y="122" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="479" y="165" width="42" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>
                <bpmndi:BPMNEdge id="Flow_Start_to_Task_di" bpmnElement="Flow_Start_to_Task"><di:waypoint x="136" y="140" /><di:waypoint x="200" y="140" /></bpmndi:BPMNEdge>
                <bpmndi:BPMNEdge id="Flow_Task_to_Gateway_di" bpmnElement="Flow_Task_to_Gateway"><di:waypoint x="300" y="140" /><di:waypoint x="350" y="140" /></bpmndi:BPMNEdge>
                <bpmndi:BPMNEdge id="Flow_Yes_di" bpmnElement="Flow_Yes"><di:waypoint x="400" y="140" /><di:waypoint x="482" y="140" /><bpmndi:BPMNLabel><dc:Bounds x="425" y="122" width="20" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNEdge>
              </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """;

    static List<String> problemsOf(String xml) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return DiagramLayoutChecker.problems(model);
    }

    /** {@link #CLEAN} with one piece of DI text replaced; fails if the piece is not there. */
    static String cleanWith(String piece, String replacement) {
        assertThat(CLEAN).contains(piece);
        return CLEAN.replace(piece, replacement);
    }

    @Test
    void aCleanLayoutPasses() {
        // the timer sits on its task's border and its flows are drawn nowhere else: allowed
        assertThat(problemsOf(CLEAN)).isEmpty();
    }

    @Test
    void overlappingShapesFailNamingBoth() {
        String xml = cleanWith("<dc:Bounds x=\"350\" y=\"115\" width=\"50\" height=\"50\" />",
                "<dc:Bounds x=\"280\" y=\"115\" width=\"50\" height=\"50\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("shape Task_Tiny").contains("overlaps shape Gateway_Tiny"));
    }

    @Test
    void aLabelOverAnotherShapeFails() {
        // the gateway's label moved onto the task
        String xml = cleanWith("<dc:Bounds x=\"355\" y=\"95\" width=\"40\" height=\"14\" />",
                "<dc:Bounds x=\"290\" y=\"95\" width=\"40\" height=\"14\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("label of Gateway_Tiny").contains("overlaps shape Task_Tiny"));
    }

    @Test
    void aLabelOverAnotherLabelFails() {
        // the flow's label moved onto the end event's label
        String xml = cleanWith("<dc:Bounds x=\"425\" y=\"122\" width=\"20\" height=\"14\" />",
                "<dc:Bounds x=\"470\" y=\"170\" width=\"20\" height=\"14\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("label of End_Tiny").contains("overlaps label of Flow_Yes"));
    }

    @Test
    void aLabelUnderAnotherFlowFails() {
        // the start event's label put on the flow to the task
        String xml = cleanWith("<dc:Bounds x=\"97\" y=\"165\" width=\"42\" height=\"14\" />",
                "<dc:Bounds x=\"145\" y=\"133\" width=\"42\" height=\"14\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("label of StartEvent_Tiny").contains("crossed by flow Flow_Start_to_Task"));
    }

    @Test
    void aLabelFarFromItsFlowFails() {
        String xml = cleanWith("<dc:Bounds x=\"425\" y=\"122\" width=\"20\" height=\"14\" />",
                "<dc:Bounds x=\"425\" y=\"40\" width=\"20\" height=\"14\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("label of Flow_Yes").contains("away from its flow"));
    }

    @Test
    void aLabelTooSmallForItsTextFails() {
        String xml = cleanWith("<dc:Bounds x=\"97\" y=\"165\" width=\"42\" height=\"14\" />",
                "<dc:Bounds x=\"110\" y=\"165\" width=\"15\" height=\"14\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("label of StartEvent_Tiny (\"Started\")").contains("needs about"));
    }

    @Test
    void aFlowThroughAShapeFails() {
        // the flow from the start to the task detours through the gateway
        String xml = cleanWith("<di:waypoint x=\"136\" y=\"140\" /><di:waypoint x=\"200\" y=\"140\" />",
                "<di:waypoint x=\"136\" y=\"140\" /><di:waypoint x=\"170\" y=\"140\" /><di:waypoint x=\"170\" y=\"60\" />"
                        + "<di:waypoint x=\"375\" y=\"60\" /><di:waypoint x=\"375\" y=\"140\" /><di:waypoint x=\"300\" y=\"140\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("flow Flow_Start_to_Task").contains("crosses shape Gateway_Tiny"));
    }

    @Test
    void aFlowEndingOffItsTargetsBorderFails() {
        String xml = cleanWith("<di:waypoint x=\"400\" y=\"140\" /><di:waypoint x=\"482\" y=\"140\" />",
                "<di:waypoint x=\"400\" y=\"140\" /><di:waypoint x=\"470\" y=\"140\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("flow Flow_Yes ends at (470,140)").contains("End_Tiny"));
    }

    @Test
    void aFlowStartingInsideItsSourceFails() {
        // the gateway is a diamond: its bounding box's corner is not on its border
        String xml = cleanWith("<di:waypoint x=\"400\" y=\"140\" /><di:waypoint x=\"482\" y=\"140\" />",
                "<di:waypoint x=\"375\" y=\"140\" /><di:waypoint x=\"482\" y=\"140\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("flow Flow_Yes starts at (375,140)").contains("Gateway_Tiny"));
    }

    @Test
    void aFlowRunningBackThroughItsOwnTargetFails() {
        // drawn from above the task, down through it, docking on its left border
        String xml = cleanWith("<di:waypoint x=\"136\" y=\"140\" /><di:waypoint x=\"200\" y=\"140\" />",
                "<di:waypoint x=\"118\" y=\"122\" /><di:waypoint x=\"118\" y=\"60\" /><di:waypoint x=\"250\" y=\"60\" />"
                        + "<di:waypoint x=\"250\" y=\"140\" /><di:waypoint x=\"200\" y=\"140\" />");
        assertThat(problemsOf(xml)).anySatisfy(p -> assertThat(p).contains("flow Flow_Start_to_Task").contains("crosses shape Task_Tiny"));
    }

    @Test
    void anUndrawnElementAndAnUnlabelledNameFail() {
        String undrawn = cleanWith("<bpmndi:BPMNShape id=\"Task_Tiny_di\" bpmnElement=\"Task_Tiny\"><dc:Bounds x=\"200\" y=\"100\" width=\"100\" height=\"80\" /></bpmndi:BPMNShape>", "");
        assertThat(problemsOf(undrawn)).contains("Task_Tiny has no shape in the diagram");

        String unlabelled = cleanWith("<bpmndi:BPMNLabel><dc:Bounds x=\"425\" y=\"122\" width=\"20\" height=\"14\" /></bpmndi:BPMNLabel>", "");
        assertThat(problemsOf(unlabelled)).contains("Flow_Yes (\"yes\") has no label bounds");
    }

    @Test
    void aBoundaryEventOffItsHostsBorderOverlappingAnotherShapeFails() {
        // the timer is allowed on its own task, not on the gateway
        String xml = cleanWith("<dc:Bounds x=\"232\" y=\"162\" width=\"36\" height=\"36\" />",
                "<dc:Bounds x=\"357\" y=\"150\" width=\"36\" height=\"36\" />");
        assertThat(problemsOf(xml))
                .anySatisfy(p -> assertThat(p).contains("shape Timer_Tiny").contains("overlaps shape Gateway_Tiny"))
                .anySatisfy(p -> assertThat(p).contains("boundary event Timer_Tiny").contains("not on the border of its host Task_Tiny"));
    }

    @Test
    void textExtentWrapsAtNinetyPixels() {
        assertThat(DiagramLayoutChecker.textExtent("yes")[1]).isEqualTo(DiagramLayoutChecker.LINE_HEIGHT);
        double[] long_ = DiagramLayoutChecker.textExtent("no: re-enable failed letter asked");
        assertThat(long_[0]).isLessThanOrEqualTo(DiagramLayoutChecker.LABEL_WRAP_WIDTH);
        assertThat(long_[1]).isGreaterThanOrEqualTo(2 * DiagramLayoutChecker.LINE_HEIGHT);
    }
}
