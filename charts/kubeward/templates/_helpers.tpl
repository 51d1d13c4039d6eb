{{- define "kubeward.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubeward.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kubeward.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubeward.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kubeward.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "kubeward.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: admission-webhook
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "kubeward.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kubeward.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "kubeward.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- /* The Secret holding the serving certificate (tls.crt, tls.key) the pods mount. */ -}}
{{- define "kubeward.tlsSecret" -}}
{{- if eq .Values.tls.mode "existingSecret" -}}
{{- required "tls.existingSecret is required when tls.mode is existingSecret: the name of a kubernetes.io/tls Secret in the release namespace" .Values.tls.existingSecret -}}
{{- else -}}
{{- printf "%s-tls" (include "kubeward.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- /* The DNS names the API server calls the webhook by (clientConfig.service): the serving certificate's SANs. */ -}}
{{- define "kubeward.serviceDNSNames" -}}
{{- $fullname := include "kubeward.fullname" . -}}
{{- toJson (list (printf "%s.%s.svc" $fullname .Release.Namespace) (printf "%s.%s.svc.cluster.local" $fullname .Release.Namespace)) -}}
{{- end -}}

{{- /*
  The certificates of the TLS mode in use (selfSigned, job) must be renewed before they end, and not on every run:
  renewBeforeDays below validityDays. JSON Schema cannot compare two values, so the template says it.
*/ -}}
{{- define "kubeward.checkRenewal" -}}
{{- $mode := .Values.tls.mode -}}
{{- if or (eq $mode "selfSigned") (eq $mode "job") -}}
{{- $days := index .Values.tls $mode -}}
{{- if ge (int $days.renewBeforeDays) (int $days.validityDays) -}}
{{- $what := ternary "every helm upgrade would generate a new CA and serving certificate" "every run of the certgen Job would generate a new CA and serving certificate" (eq $mode "selfSigned") -}}
{{- fail (printf "tls.%s.renewBeforeDays (%d) must be below tls.%s.validityDays (%d): otherwise %s" $mode (int $days.renewBeforeDays) $mode (int $days.validityDays) $what) -}}
{{- end -}}
{{- end -}}
{{- end -}}
