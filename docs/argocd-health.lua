-- Argo CD health check for janus.io/JanusDeployment.
-- Install: add to the argocd-cm ConfigMap under
--   resource.customizations.health.janus.io_JanusDeployment: |
--     <this file>
-- Maps the operator's status onto Argo CD health: Healthy when both halves serve and nothing is
-- degraded, Progressing while the halves start or the operator has not seen the latest spec,
-- Suspended when paused, Degraded on an invalid spec, a failed rollout, or a degraded runtime.
local hs = {}

if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Janus operator to report a status"
  return hs
end

if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Janus operator to observe generation " .. obj.metadata.generation
  return hs
end

local ready = nil
local degraded = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then
    ready = c
  elseif c.type == "Degraded" then
    degraded = c
  end
end

local function message(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return fallback
end

if obj.status.phase == "Paused" then
  hs.status = "Suspended"
  hs.message = "Paused: the operator does not change the runtimes"
  return hs
end

if obj.status.phase == "Invalid" then
  hs.status = "Degraded"
  hs.message = message(ready, "The spec is invalid")
  return hs
end

if ready ~= nil and ready.reason == "ReconcileError" then
  hs.status = "Degraded"
  hs.message = message(ready, "The operator cannot apply the runtimes")
  return hs
end

if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = message(degraded, "Degraded")
  return hs
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  local mode = obj.status.mode or "unknown mode"
  local split = obj.status.splitPoint
  if split ~= nil then
    hs.message = mode .. ", split point " .. split
  else
    hs.message = message(ready, "Both halves serve")
  end
  return hs
end

hs.status = "Progressing"
hs.message = message(ready, "Starting")
return hs
