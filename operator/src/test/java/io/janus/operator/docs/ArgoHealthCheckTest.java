package io.janus.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.janus.operator.api.v1alpha1.JanusDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.junit.jupiter.api.Test;

/** docs/argocd-health.lua maps JanusDeployment statuses onto Argo CD health as documented. */
class ArgoHealthCheckTest {

    static final KubernetesSerialization JSON = new KubernetesSerialization();

    static LuaTable health(String statusJson) throws IOException {
        String cr = """
                {"apiVersion":"janus.io/v1alpha1","kind":"JanusDeployment",
                 "metadata":{"name":"cam","generation":3},"spec":{},"status":%s}""".formatted(statusJson);
        Map<?, ?> obj = JSON.unmarshal(cr, Map.class);
        JSON.unmarshal(cr, JanusDeployment.class); // the fixture is a valid JanusDeployment
        Globals lua = JsePlatform.standardGlobals();
        lua.set("obj", toLua(obj));
        return lua.load(Files.readString(Path.of("../docs/argocd-health.lua")), "argocd-health.lua").call().checktable();
    }

    static String conditions(String readyStatus, String readyReason, String degradedStatus) {
        return """
                [{"type":"Ready","status":"%s","reason":"%s","message":"m-ready"},
                 {"type":"Degraded","status":"%s","reason":"R","message":"m-degraded"}]"""
                .formatted(readyStatus, readyReason, degradedStatus);
    }

    @Test
    void servingIsHealthyAndShowsTheDecision() throws IOException {
        LuaTable hs = health("""
                {"observedGeneration":3,"phase":"Running","mode":"Collaborative","splitPoint":4,"conditions":%s}"""
                .formatted(conditions("True", "Serving", "False")));
        assertThat(hs.get("status").tojstring()).isEqualTo("Healthy");
        assertThat(hs.get("message").tojstring()).isEqualTo("Collaborative, split point 4");
    }

    @Test
    void invalidSpecAndDegradedRuntimeAreDegraded() throws IOException {
        LuaTable invalid = health("""
                {"observedGeneration":3,"phase":"Invalid","conditions":%s}"""
                .formatted(conditions("False", "TlsSecretMissing", "True")));
        assertThat(invalid.get("status").tojstring()).isEqualTo("Degraded");
        assertThat(invalid.get("message").tojstring()).isEqualTo("m-ready");
        LuaTable degraded = health("""
                {"observedGeneration":3,"phase":"Degraded","conditions":%s}"""
                .formatted(conditions("True", "Serving", "True")));
        assertThat(degraded.get("status").tojstring()).isEqualTo("Degraded");
        assertThat(degraded.get("message").tojstring()).isEqualTo("m-degraded");
    }

    @Test
    void startingStaleAndPausedAreNotFailures() throws IOException {
        assertThat(health("{}").get("status").tojstring()).isEqualTo("Progressing");
        assertThat(health("""
                {"observedGeneration":2,"phase":"Running","conditions":%s}"""
                .formatted(conditions("True", "Serving", "False"))).get("status").tojstring()).isEqualTo("Progressing");
        assertThat(health("""
                {"observedGeneration":3,"phase":"Pending","conditions":%s}"""
                .formatted(conditions("False", "CloudNotReady", "False"))).get("status").tojstring()).isEqualTo("Progressing");
        assertThat(health("""
                {"observedGeneration":3,"phase":"Paused","conditions":%s}"""
                .formatted(conditions("True", "Serving", "False"))).get("status").tojstring()).isEqualTo("Suspended");
    }

    /** JSON-like Java values to Lua values, as Argo CD hands the object to the script. */
    static LuaValue toLua(Object value) {
        if (value instanceof Map<?, ?> map) {
            LuaTable t = new LuaTable();
            map.forEach((k, v) -> t.set(String.valueOf(k), toLua(v)));
            return t;
        }
        if (value instanceof List<?> list) {
            LuaTable t = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                t.set(i + 1, toLua(list.get(i)));
            }
            return t;
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        return value == null ? LuaValue.NIL : LuaValue.valueOf(value.toString());
    }
}
