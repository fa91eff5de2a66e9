using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vapi;

namespace CallsGen.Samples.ListCalls;

/// <summary>
/// One call's transcript, who said what, from its typed messages: the sample's overlay (vapi.overlay.yaml) tells the
/// message kinds apart, so each one is a UserMessage, BotMessage, SystemMessage, ToolCallMessage or ToolCallResultMessage.
/// </summary>
internal static class Transcript
{
    public static string Format(Call call)
    {
        var text = new StringBuilder();
        text.Append("Call ").Append(call.Id);
        if (call.Type is { } type) text.Append(" · ").Append(type.Value);
        text.Append(" · ").Append(call.Status?.Value ?? "unknown status");
        if (call.EndedReason is { } reason) text.Append(" (").Append(reason.Value).Append(')');
        text.Append(" · ").Append(call.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC\n\n");

        var messages = call.Messages ?? [];
        if (messages.Count == 0) text.Append("  (no messages)\n");
        foreach (var message in messages)
        {
            switch (message.Value)
            {
                case SystemMessage system:
                    Line(text, system.SecondsFromStart, "system", system.Message);
                    break;
                case BotMessage bot:
                    Line(text, bot.SecondsFromStart, "assistant", bot.Message);
                    break;
                case UserMessage user:
                    Line(text, user.SecondsFromStart, "caller", user.Message);
                    break;
                case ToolCallMessage request:
                    foreach (var toolCall in request.ToolCalls) Line(text, request.SecondsFromStart, "tool call", Describe(toolCall));
                    break;
                case ToolCallResultMessage result:
                    Line(text, result.SecondsFromStart, "tool result", result.Name + " → " + result.Result);
                    break;
                default:
                    // A kind the document does not describe (or a message the server sent malformed): shown as it came.
                    Line(text, null, "unknown", message.RawJson?.GetRawText() ?? "");
                    break;
            }
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, double? seconds, string who, string what)
    {
        var time = seconds is { } s ? TimeSpan.FromSeconds(s).ToString(@"m\:ss\.f", CultureInfo.InvariantCulture) : "";
        text.Append(time.PadLeft(8)).Append("  ").Append(who.PadRight(11)).Append(' ').Append(what.ReplaceLineEndings(" ")).Append('\n');
    }

    /// <summary>A tool call as "name {arguments}" (the document leaves its shape free-form, as OpenAI's function calls are).</summary>
    private static string Describe(JsonElement toolCall)
    {
        if (toolCall.ValueKind == JsonValueKind.Object && toolCall.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : "?";
            var arguments = function.TryGetProperty("arguments", out var a) ? (a.ValueKind == JsonValueKind.String ? a.GetString() : a.GetRawText()) : "";
            return name + " " + arguments;
        }
        return toolCall.GetRawText();
    }
}
