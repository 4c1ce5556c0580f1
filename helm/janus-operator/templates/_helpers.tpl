{{- define "janus-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "janus-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "janus-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "janus-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "janus-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "janus-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "janus-operator.labels" -}}
{{ include "janus-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The rules the operator needs in every namespace it watches. */}}
{{- define "janus-operator.rules" -}}
- apiGroups: ["janus.io"]
  resources: ["janusdeployments"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["janus.io"]
  resources: ["janusdeployments/status"]
  verbs: ["get", "update", "patch"]
# delete: the edge's Deployment or DaemonSet when spec.edge.placement switches, the HPA when autoscaling is
# removed, and a cloud Service from before it was headless (its clusterIP cannot change).
- apiGroups: ["apps"]
  resources: ["deployments", "daemonsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
# Edge pods: their IPs are where the operator reads the live decision.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
# Validation only: does the TLS Secret / model PVC the spec names exist.
- apiGroups: [""]
  resources: ["secrets", "persistentvolumeclaims"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
