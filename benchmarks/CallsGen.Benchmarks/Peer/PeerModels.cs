using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallsGen.Benchmarks.Peer;

// The strongest standard peer: plain classes with the same properties as the generated Call and the types it
// reaches in the payload, read and written by System.Text.Json's own source generator (JsonSerializerContext).
// Enums are strings; the union types (costs, messages) are flat classes holding every field of every variant
// (so an unknown cost type decodes too); objects the generated code keeps as raw JSON are JsonElement here;
// properties the document does not describe go to [JsonExtensionData], as the generated AdditionalProperties.
// Required properties are C# 'required', which System.Text.Json checks, as the generated readers do.
// TMessage is PeerMessage (typed) or JsonElement (raw, as the generated readers keep most messages).

public sealed class PeerCall<TMessage>
{
    public string? Type { get; set; }
    public List<PeerCost>? Costs { get; set; }
    public List<TMessage>? Messages { get; set; }
    public string? PhoneCallProvider { get; set; }
    public string? PhoneCallTransport { get; set; }
    public string? Status { get; set; }
    public string? EndedReason { get; set; }
    public string? EndedMessage { get; set; }
    public JsonElement? Destination { get; set; }
    public required string Id { get; set; }
    public required string OrgId { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public double? Cost { get; set; }
    public PeerCostBreakdown? CostBreakdown { get; set; }
    public JsonElement? ArtifactPlan { get; set; }
    public PeerAnalysis? Analysis { get; set; }
    public PeerMonitor? Monitor { get; set; }
    public PeerArtifact<TMessage>? Artifact { get; set; }
    public JsonElement? Compliance { get; set; }
    public string? PhoneCallProviderId { get; set; }
    public string? CampaignId { get; set; }
    public string? AssistantId { get; set; }
    public JsonElement? Assistant { get; set; }
    public JsonElement? AssistantOverrides { get; set; }
    public string? SquadId { get; set; }
    public JsonElement? Squad { get; set; }
    public JsonElement? SquadOverrides { get; set; }
    public string? WorkflowId { get; set; }
    public JsonElement? Workflow { get; set; }
    public JsonElement? WorkflowOverrides { get; set; }
    public string? PhoneNumberId { get; set; }
    public JsonElement? PhoneNumber { get; set; }
    public string? CustomerId { get; set; }
    public PeerCustomer? Customer { get; set; }
    public string? Name { get; set; }
    public JsonElement? SchedulePlan { get; set; }
    public JsonElement? Transport { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Every field of the eight cost types (TransportCost … KnowledgeBaseCost) in one class.</summary>
public sealed class PeerCost
{
    public required string Type { get; set; }
    public string? Provider { get; set; }
    public string? SubType { get; set; }
    public string? AnalysisType { get; set; }
    public JsonElement? Transcriber { get; set; }
    public JsonElement? Model { get; set; }
    public JsonElement? Voice { get; set; }
    public double? Minutes { get; set; }
    public double? Characters { get; set; }
    public double? PromptTokens { get; set; }
    public double? CompletionTokens { get; set; }
    public double? CachedPromptTokens { get; set; }
    public double? PromptTextTokens { get; set; }
    public double? PromptAudioTokens { get; set; }
    public double? CompletionTextTokens { get; set; }
    public double? CompletionAudioTokens { get; set; }
    public required double Cost { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Every field of the five message types (UserMessage … ToolCallResultMessage) in one class.</summary>
public sealed class PeerMessage
{
    public required string Role { get; set; }
    public string? Message { get; set; }
    public required double Time { get; set; }
    public double? EndTime { get; set; }
    public required double SecondsFromStart { get; set; }
    public double? Duration { get; set; }
    public string? Source { get; set; }
    public bool? IsFiltered { get; set; }
    public List<string>? DetectedThreats { get; set; }
    public string? OriginalMessage { get; set; }
    public JsonElement? Metadata { get; set; }
    public string? SpeakerLabel { get; set; }
    public List<JsonElement>? ToolCalls { get; set; }
    public string? ToolCallId { get; set; }
    public string? Name { get; set; }
    public string? Result { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerCostBreakdown
{
    public double? Transport { get; set; }
    public double? Stt { get; set; }
    public double? Llm { get; set; }
    public double? Tts { get; set; }
    public double? Vapi { get; set; }
    public double? Chat { get; set; }
    public double? Total { get; set; }
    public double? LlmPromptTokens { get; set; }
    public double? LlmCompletionTokens { get; set; }
    public double? LlmCachedPromptTokens { get; set; }
    public double? TtsCharacters { get; set; }
    public PeerAnalysisCostBreakdown? AnalysisCostBreakdown { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerAnalysisCostBreakdown
{
    public double? Summary { get; set; }
    public double? SummaryPromptTokens { get; set; }
    public double? SummaryCompletionTokens { get; set; }
    public double? SummaryCachedPromptTokens { get; set; }
    public double? StructuredData { get; set; }
    public double? StructuredDataPromptTokens { get; set; }
    public double? StructuredDataCompletionTokens { get; set; }
    public double? StructuredDataCachedPromptTokens { get; set; }
    public double? SuccessEvaluation { get; set; }
    public double? SuccessEvaluationPromptTokens { get; set; }
    public double? SuccessEvaluationCompletionTokens { get; set; }
    public double? SuccessEvaluationCachedPromptTokens { get; set; }
    public double? StructuredOutput { get; set; }
    public double? StructuredOutputPromptTokens { get; set; }
    public double? StructuredOutputCompletionTokens { get; set; }
    public double? StructuredOutputCachedPromptTokens { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerAnalysis
{
    public string? Summary { get; set; }
    public JsonElement? StructuredData { get; set; }
    public List<JsonElement>? StructuredDataMulti { get; set; }
    public string? SuccessEvaluation { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerMonitor
{
    public List<PeerMonitorResult>? Monitors { get; set; }
    public string? ListenUrl { get; set; }
    public string? ControlUrl { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerMonitorResult
{
    public required string MonitorId { get; set; }
    public required bool FilterPassed { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerCustomer
{
    public bool? NumberE164CheckEnabled { get; set; }
    public string? Extension { get; set; }
    public JsonElement? AssistantOverrides { get; set; }
    public string? Number { get; set; }
    public string? SipUri { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? ExternalId { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerArtifact<TMessage>
{
    public List<TMessage>? Messages { get; set; }
    public List<PeerOpenAIMessage>? MessagesOpenAIFormatted { get; set; }
    public string? RecordingUrl { get; set; }
    public string? StereoRecordingUrl { get; set; }
    public string? VideoRecordingUrl { get; set; }
    public double? VideoRecordingStartDelaySeconds { get; set; }
    public PeerRecording? Recording { get; set; }
    public string? Transcript { get; set; }
    public string? PcapUrl { get; set; }
    public string? LogUrl { get; set; }
    public List<JsonElement>? Nodes { get; set; }
    public List<JsonElement>? AssistantActivations { get; set; }
    public JsonElement? VariableValues { get; set; }
    public PeerPerformanceMetrics? PerformanceMetrics { get; set; }
    public JsonElement? StructuredOutputs { get; set; }
    public JsonElement? Scorecards { get; set; }
    public List<string>? Transfers { get; set; }
    public DateTimeOffset? StructuredOutputsLastUpdatedAt { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerOpenAIMessage
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public required string? Content { get; set; }
    public required string Role { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerRecording
{
    public string? StereoUrl { get; set; }
    public string? VideoUrl { get; set; }
    public double? VideoRecordingStartDelaySeconds { get; set; }
    public PeerMono? Mono { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerMono
{
    public string? CombinedUrl { get; set; }
    public string? AssistantUrl { get; set; }
    public string? CustomerUrl { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerPerformanceMetrics
{
    public List<PeerTurnLatency>? TurnLatencies { get; set; }
    public double? ModelLatencyAverage { get; set; }
    public double? VoiceLatencyAverage { get; set; }
    public double? TranscriberLatencyAverage { get; set; }
    public double? EndpointingLatencyAverage { get; set; }
    public double? TurnLatencyAverage { get; set; }
    public double? FromTransportLatencyAverage { get; set; }
    public double? ToTransportLatencyAverage { get; set; }
    public double? NumUserInterrupted { get; set; }
    public double? NumAssistantInterrupted { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class PeerTurnLatency
{
    public double? ModelLatency { get; set; }
    public double? VoiceLatency { get; set; }
    public double? TranscriberLatency { get; set; }
    public double? EndpointingLatency { get; set; }
    public double? TurnLatency { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<PeerCall<PeerMessage>>), TypeInfoPropertyName = "Calls")]
[JsonSerializable(typeof(List<PeerCall<JsonElement>>), TypeInfoPropertyName = "CallsRawMessages")]
public sealed partial class PeerJsonContext : JsonSerializerContext
{
}
