using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CallsGen.Benchmarks.Payload;

/// <summary>
/// Deterministic (seeded) Vapi list-calls responses: a JSON array of ended calls with about twenty spoken messages,
/// tool calls, all eight cost types with their real fields, an artifact with a transcript of a few KB, analysis,
/// costBreakdown, customer, monitor, plus values the document does not list (unknown endedReason values, an
/// unknown cost type, unknown properties). Written like a Node.js server writes JSON (no escaping of '+' or '\'').
/// </summary>
public static class CallPayload
{
    public const int DefaultSeed = 20260301;

    private static readonly Lazy<byte[]> s_calls1000 = new(() => Create(1000));

    /// <summary>The 1,000-call document the decode and encode benchmarks use.</summary>
    public static byte[] Calls1000 => s_calls1000.Value;

    private static readonly string[] s_phoneEndedReasons =
    [
        "customer-ended-call", "customer-ended-call", "customer-ended-call", "customer-ended-call", "assistant-ended-call",
        "assistant-ended-call", "silence-timed-out", "voicemail", "assistant-said-end-call-phrase", "assistant-forwarded-call",
        "exceeded-max-duration", "pipeline-error-openai-llm-failed", "call.in-progress.error-providerfault-openai-llm-failed",
    ];

    // Values the document does not list: clients must keep them.
    private static readonly string[] s_unlistedEndedReasons =
    [
        "call.in-progress.error-vapifault-new-provider-timeout", "assistant-handoff-completed", "customer-transferred-to-human-queue",
    ];

    private static readonly string[] s_assistantNames = ["Riley", "Jordan", "Sam", "Avery", "Morgan", "Casey"];

    private static readonly string[] s_companies =
        ["Wellness Partners", "Northside Dental", "Acme Insurance", "Bluebird Realty", "City Auto Repair", "Harbor Clinic"];

    private static readonly string[] s_botSentences =
    [
        "Sure, I can help you with that.",
        "Let me check the calendar for you, this will only take a moment.",
        "We have an opening on Tuesday at ten thirty in the morning, or Wednesday at two in the afternoon.",
        "For security, could you please confirm your date of birth and the last four digits of your account number?",
        "Thank you, I have found your file and everything looks up to date.",
        "Your appointment is booked, and you will receive a confirmation text message shortly.",
        "Is there anything else I can help you with today?",
        "I understand, that can be frustrating, and I'm sorry for the inconvenience.",
        "Our office is open from nine in the morning until five in the afternoon, Monday to Friday.",
        "I can transfer you to one of our specialists if you'd prefer to speak with a person.",
        "The quote includes parts and labour, and it is valid for thirty days from the date it was issued.",
        "Just to confirm, you'd like to move your visit from Thursday to next Monday at the same time?",
    ];

    private static readonly string[] s_userSentences =
    [
        "Hi, I'd like to book an appointment for next week.",
        "Yes, that works for me.",
        "Can you tell me what my current balance is?",
        "I need to reschedule my visit because something came up at work.",
        "It's the fourteenth of March, nineteen eighty-six, and the last four are two seven one nine.",
        "What are your opening hours on Saturday?",
        "No, I think that's everything, thank you so much.",
        "I'm calling about the quote you sent me last week, it seemed a bit high.",
        "Is the two-bedroom apartment on Elm Street still available?",
        "Could you send me the details by email instead?",
        "Um, sorry, could you repeat that?",
        "Great, thanks, have a nice day.",
    ];

    private static readonly string[] s_summaries =
    [
        "The customer called to book an appointment and chose the Tuesday morning slot; a confirmation text was sent.",
        "The customer asked about their balance, verified their identity and was told the account is up to date.",
        "The customer rescheduled their visit from Thursday to the following Monday at the same time.",
        "The caller asked about weekend opening hours and the quote they received; a follow-up call was offered.",
        "The caller asked whether an apartment listing was still available and booked a viewing for Saturday.",
    ];

    private static readonly string[] s_tools = ["bookAppointment", "lookupAccount", "checkAvailability", "sendConfirmationSms"];

    /// <summary>
    /// The share of <paramref name="payload"/>'s bytes inside message arrays: the call's and the artifact's <c>messages</c>,
    /// and the artifact's <c>messagesOpenAIFormatted</c>.
    /// </summary>
    public static double MessageShare(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        long inside = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && (reader.ValueTextEquals("messages"u8) || reader.ValueTextEquals("messagesOpenAIFormatted"u8)))
            {
                reader.Read();
                long start = reader.TokenStartIndex;
                reader.Skip();
                inside += reader.BytesConsumed - start;
            }
        }
        return (double)inside / payload.Length;
    }

    /// <summary>Makes a JSON array of <paramref name="count"/> calls.</summary>
    public static byte[] Create(int count, int seed = DefaultSeed)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1024, count * 16 * 1024));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var random = new Random(seed);
            var context = new Context(random);
            writer.WriteStartArray();
            var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
            for (int i = 0; i < count; i++)
            {
                var createdAt = now - TimeSpan.FromMilliseconds(60_000L * i + random.Next(0, 59_000));
                WriteCall(writer, context, createdAt, i);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Context(Random random)
    {
        public Random Random { get; } = random;

        public string OrgId { get; } = Uuid(random);

        public string[] AssistantIds { get; } = [Uuid(random), Uuid(random), Uuid(random), Uuid(random)];

        public string[] PhoneNumberIds { get; } = [Uuid(random), Uuid(random), Uuid(random)];
    }

    private static void WriteCall(Utf8JsonWriter w, Context context, DateTimeOffset createdAt, int index)
    {
        var r = context.Random;
        string id = Uuid(r);
        int typeRoll = r.Next(100);
        string type = typeRoll < 45 ? "outboundPhoneCall" : typeRoll < 80 ? "inboundPhoneCall" : typeRoll < 97 ? "webCall" : "vapi.websocketCall";
        bool isPhone = type is "outboundPhoneCall" or "inboundPhoneCall";
        string provider = r.Next(5) == 0 ? "vonage" : "twilio";
        string endedReason = r.Next(20) == 0
            ? s_unlistedEndedReasons[r.Next(s_unlistedEndedReasons.Length)]
            : s_phoneEndedReasons[r.Next(s_phoneEndedReasons.Length)];
        int persona = r.Next(s_assistantNames.Length);
        var startedAt = createdAt + TimeSpan.FromMilliseconds(r.Next(300, 2500));
        // About twenty spoken messages a call: with their copy in the artifact, messages are about two thirds of the bytes.
        int turns = r.Next(16, 25);
        bool tools = r.Next(10) < 3;

        // The conversation first: its timing drives duration and costs.
        var spoken = new List<(string Role, string Text, double Start, double Duration)>();
        double t = 0.6;
        for (int turn = 0; turn < turns; turn++)
        {
            bool bot = turn % 2 == 0;
            var pool = bot ? s_botSentences : s_userSentences;
            int sentences = bot ? r.Next(1, 4) : r.Next(1, 3);
            var text = new StringBuilder();
            if (turn == 0)
            {
                text.Append("Hi, this is ").Append(s_assistantNames[persona]).Append(" from ").Append(s_companies[persona]).Append(". How can I help you today?");
            }
            else
            {
                for (int s = 0; s < sentences; s++)
                {
                    if (s > 0) text.Append(' ');
                    text.Append(pool[r.Next(pool.Length)]);
                }
            }

            double duration = Math.Round(0.9 + (text.Length * 0.055), 3);
            spoken.Add((bot ? "bot" : "user", text.ToString(), t, duration));
            t += duration + 0.4 + (r.NextDouble() * 0.8);
        }

        double seconds = Math.Round(t + 1.2, 3);
        var endedAt = startedAt + TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        long startMs = startedAt.ToUnixTimeMilliseconds();
        double minutes = Math.Round(seconds / 60, 4);

        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("orgId", context.OrgId);
        w.WriteString("createdAt", Iso(createdAt));
        w.WriteString("updatedAt", Iso(endedAt + TimeSpan.FromMilliseconds(r.Next(500, 6000))));
        w.WriteString("type", type);
        w.WriteString("assistantId", context.AssistantIds[r.Next(context.AssistantIds.Length)]);
        if (isPhone)
        {
            w.WriteString("phoneNumberId", context.PhoneNumberIds[r.Next(context.PhoneNumberIds.Length)]);
            w.WriteString("phoneCallProvider", provider);
            w.WriteString("phoneCallTransport", "pstn");
            string providerId = provider == "twilio" ? "CA" + Hex(r, 32) : Uuid(r);
            w.WriteString("phoneCallProviderId", providerId);
            w.WriteStartObject("customer");
            w.WriteString("number", "+1" + r.Next(201, 990).ToString(CultureInfo.InvariantCulture) + "555" + r.Next(1000, 10000).ToString(CultureInfo.InvariantCulture));
            if (r.Next(3) == 0) w.WriteString("name", s_userNames[r.Next(s_userNames.Length)]);
            w.WriteBoolean("numberE164CheckEnabled", true);
            w.WriteEndObject();
            // A free-form object the document leaves untyped.
            w.WriteStartObject("transport");
            w.WriteString("provider", provider);
            w.WriteString("callSid", providerId);
            w.WriteString("accountSid", "AC" + Hex(r, 32));
            w.WriteEndObject();
        }

        if (type == "outboundPhoneCall" && r.Next(3) == 0) w.WriteString("name", "Appointment reminder " + index.ToString(CultureInfo.InvariantCulture));
        w.WriteString("status", "ended");
        w.WriteString("endedReason", endedReason);
        w.WriteString("startedAt", Iso(startedAt));
        w.WriteString("endedAt", Iso(endedAt));

        // Costs: the eight document types, with the fields each really has, plus now and then a type the document does not list.
        double transportCost = isPhone ? Round(minutes * 0.0085) : 0;
        double sttCost = Round(minutes * 0.0108);
        int promptTokens = r.Next(800, 9000), completionTokens = r.Next(40, 700), cachedPromptTokens = r.Next(0, promptTokens / 2);
        double llmCost = Round((promptTokens * 0.0000025) + (completionTokens * 0.00001));
        int characters = r.Next(120, 2400);
        double ttsCost = Round(characters * 0.00003);
        double vapiCost = Round(minutes * 0.05);
        int summaryPrompt = r.Next(300, 2000), summaryCompletion = r.Next(30, 120);
        double summaryCost = Round((summaryPrompt * 0.00000015) + (summaryCompletion * 0.0000006));
        int evalPrompt = r.Next(300, 2000), evalCompletion = r.Next(1, 10);
        double evalCost = Round((evalPrompt * 0.00000015) + (evalCompletion * 0.0000006));
        bool voicemailCost = endedReason == "voicemail" || r.Next(5) == 0;
        bool knowledgeBase = r.Next(4) == 0;
        bool unknownCost = r.Next(8) == 0;
        double total = transportCost + sttCost + llmCost + ttsCost + vapiCost + summaryCost + evalCost;

        w.WriteStartArray("costs");
        w.WriteStartObject();
        w.WriteString("type", "transport");
        w.WriteString("provider", type == "webCall" ? "daily" : type == "vapi.websocketCall" ? "vapi.websocket" : provider);
        w.WriteNumber("minutes", minutes);
        w.WriteNumber("cost", transportCost);
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("type", "transcriber");
        w.WriteStartObject("transcriber");
        w.WriteString("provider", "deepgram");
        w.WriteString("model", "nova-3");
        w.WriteString("language", "en");
        w.WriteEndObject();
        w.WriteNumber("minutes", minutes);
        w.WriteNumber("cost", sttCost);
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("type", "model");
        WriteModel(w, "openai", "gpt-4o");
        w.WriteNumber("promptTokens", promptTokens);
        w.WriteNumber("completionTokens", completionTokens);
        w.WriteNumber("cachedPromptTokens", cachedPromptTokens);
        w.WriteNumber("cost", llmCost);
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("type", "voice");
        w.WriteStartObject("voice");
        w.WriteString("provider", "11labs");
        w.WriteString("voiceId", "burt");
        w.WriteString("model", "eleven_turbo_v2_5");
        w.WriteEndObject();
        w.WriteNumber("characters", characters);
        w.WriteNumber("cost", ttsCost);
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("type", "vapi");
        w.WriteString("subType", r.Next(10) == 0 ? "overage" : "normal");
        w.WriteNumber("minutes", minutes);
        w.WriteNumber("cost", vapiCost);
        w.WriteEndObject();

        WriteAnalysisCost(w, "summary", summaryPrompt, summaryCompletion, summaryCost);
        WriteAnalysisCost(w, "successEvaluation", evalPrompt, evalCompletion, evalCost);

        if (voicemailCost)
        {
            double vmCost = Round(minutes * 0.002);
            total += vmCost;
            w.WriteStartObject();
            w.WriteString("type", "voicemail-detection");
            WriteModel(w, "openai", "gpt-4o-mini-realtime-preview");
            w.WriteString("provider", "openai");
            w.WriteNumber("promptTextTokens", r.Next(100, 400));
            w.WriteNumber("promptAudioTokens", r.Next(200, 900));
            w.WriteNumber("completionTextTokens", r.Next(1, 20));
            w.WriteNumber("completionAudioTokens", 0);
            w.WriteNumber("cost", vmCost);
            w.WriteEndObject();
        }

        if (knowledgeBase)
        {
            int kbPrompt = r.Next(500, 3000), kbCompletion = r.Next(20, 200);
            double kbCost = Round((kbPrompt * 0.00000015) + (kbCompletion * 0.0000006));
            total += kbCost;
            w.WriteStartObject();
            w.WriteString("type", "knowledge-base");
            WriteModel(w, "google", "gemini-2.0-flash");
            w.WriteNumber("promptTokens", kbPrompt);
            w.WriteNumber("completionTokens", kbCompletion);
            w.WriteNumber("cost", kbCost);
            w.WriteEndObject();
        }

        if (unknownCost)
        {
            double denoiseCost = Round(minutes * 0.001);
            total += denoiseCost;
            w.WriteStartObject();
            w.WriteString("type", "smart-denoising");
            w.WriteString("provider", "krisp");
            w.WriteNumber("minutes", minutes);
            w.WriteNumber("cost", denoiseCost);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        total = Round(total);
        w.WriteNumber("cost", total);

        w.WriteStartObject("costBreakdown");
        w.WriteNumber("transport", transportCost);
        w.WriteNumber("stt", sttCost);
        w.WriteNumber("llm", llmCost);
        w.WriteNumber("tts", ttsCost);
        w.WriteNumber("vapi", vapiCost);
        w.WriteNumber("chat", 0);
        w.WriteNumber("total", total);
        w.WriteNumber("llmPromptTokens", promptTokens);
        w.WriteNumber("llmCompletionTokens", completionTokens);
        w.WriteNumber("llmCachedPromptTokens", cachedPromptTokens);
        w.WriteNumber("ttsCharacters", characters);
        w.WriteStartObject("analysisCostBreakdown");
        w.WriteNumber("summary", summaryCost);
        w.WriteNumber("summaryPromptTokens", summaryPrompt);
        w.WriteNumber("summaryCompletionTokens", summaryCompletion);
        w.WriteNumber("summaryCachedPromptTokens", 0);
        w.WriteNumber("successEvaluation", evalCost);
        w.WriteNumber("successEvaluationPromptTokens", evalPrompt);
        w.WriteNumber("successEvaluationCompletionTokens", evalCompletion);
        w.WriteNumber("successEvaluationCachedPromptTokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();

        // Messages, as the call carries them and again in the artifact.
        string system = $"You are {s_assistantNames[persona]}, a friendly and concise voice assistant for {s_companies[persona]}. " +
            "Help callers book, move or cancel appointments, answer questions about opening hours and prices, and transfer to a person when asked. " +
            "Never read out more than the last four digits of an account number. Keep every answer under three sentences.";
        string? toolCallId = tools ? "call_" + Hex(r, 24) : null;
        string tool = s_tools[r.Next(s_tools.Length)];
        string arguments = "{\"date\":\"2026-03-0" + r.Next(2, 9).ToString(CultureInfo.InvariantCulture) + "\",\"time\":\"10:30\",\"customerNumber\":\"+14155550123\"}";
        string result = "{\"status\":\"ok\",\"confirmationId\":\"" + Hex(r, 12) + "\",\"message\":\"Booked for 10:30.\"}";
        int toolAfter = tools ? 1 + (2 * r.Next(1, turns / 2)) : -1;

        w.WritePropertyName("messages");
        WriteMessages(w, spoken, system, startMs, toolAfter, toolCallId, tool, arguments, result);

        var transcript = new StringBuilder();
        foreach (var m in spoken)
        {
            transcript.Append(m.Role == "bot" ? "AI: " : "User: ").Append(m.Text).Append('\n');
        }

        string stamp = startMs.ToString(CultureInfo.InvariantCulture);
        string file = Uuid(r);
        w.WriteStartObject("artifact");
        w.WritePropertyName("messages");
        WriteMessages(w, spoken, system, startMs, toolAfter, toolCallId, tool, arguments, result);
        w.WriteStartArray("messagesOpenAIFormatted");
        w.WriteStartObject();
        w.WriteString("role", "system");
        w.WriteString("content", system);
        w.WriteEndObject();
        for (int i = 0; i < spoken.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("role", spoken[i].Role == "bot" ? "assistant" : "user");
            w.WriteString("content", spoken[i].Text);
            w.WriteEndObject();
            if (i == toolAfter)
            {
                w.WriteStartObject();
                w.WriteString("role", "assistant");
                w.WriteNull("content");
                w.WriteStartArray("tool_calls"); // a property OpenAIMessage does not describe: kept as extension data
                WriteToolCall(w, toolCallId!, tool, arguments);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("role", "tool");
                w.WriteString("tool_call_id", toolCallId);
                w.WriteString("content", result);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteString("recordingUrl", $"https://storage.vapi.ai/{id}-{stamp}-{file}-mono.wav");
        w.WriteString("stereoRecordingUrl", $"https://storage.vapi.ai/{id}-{stamp}-{file}-stereo.wav");
        w.WriteStartObject("recording");
        w.WriteString("stereoUrl", $"https://storage.vapi.ai/{id}-{stamp}-{file}-stereo.wav");
        w.WriteStartObject("mono");
        w.WriteString("combinedUrl", $"https://storage.vapi.ai/{id}-{stamp}-{file}-mono.wav");
        w.WriteString("assistantUrl", $"https://storage.vapi.ai/{id}-{stamp}-{file}-assistant.wav");
        w.WriteString("customerUrl", $"https://storage.vapi.ai/{id}-{stamp}-{file}-customer.wav");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("transcript", transcript.ToString());
        w.WriteStartObject("performanceMetrics");
        w.WriteStartArray("turnLatencies");
        double sumModel = 0, sumVoice = 0, sumTranscriber = 0, sumEndpointing = 0, sumTurn = 0;
        int latencyTurns = turns / 2;
        for (int i = 0; i < latencyTurns; i++)
        {
            double model = r.Next(250, 900), voice = r.Next(120, 400), transcriber = r.Next(80, 300), endpointing = r.Next(100, 600);
            double turnLatency = model + voice + transcriber + endpointing;
            sumModel += model; sumVoice += voice; sumTranscriber += transcriber; sumEndpointing += endpointing; sumTurn += turnLatency;
            w.WriteStartObject();
            w.WriteNumber("modelLatency", model);
            w.WriteNumber("voiceLatency", voice);
            w.WriteNumber("transcriberLatency", transcriber);
            w.WriteNumber("endpointingLatency", endpointing);
            w.WriteNumber("turnLatency", turnLatency);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("modelLatencyAverage", Math.Round(sumModel / latencyTurns, 2));
        w.WriteNumber("voiceLatencyAverage", Math.Round(sumVoice / latencyTurns, 2));
        w.WriteNumber("transcriberLatencyAverage", Math.Round(sumTranscriber / latencyTurns, 2));
        w.WriteNumber("endpointingLatencyAverage", Math.Round(sumEndpointing / latencyTurns, 2));
        w.WriteNumber("turnLatencyAverage", Math.Round(sumTurn / latencyTurns, 2));
        w.WriteNumber("numUserInterrupted", r.Next(0, 3));
        w.WriteNumber("numAssistantInterrupted", r.Next(0, 2));
        w.WriteEndObject();
        w.WriteEndObject();

        bool succeeded = r.Next(4) != 0;
        w.WriteStartObject("analysis");
        w.WriteString("summary", s_summaries[r.Next(s_summaries.Length)]);
        w.WriteString("successEvaluation", succeeded ? "true" : "false");
        w.WriteStartObject("structuredData");
        w.WriteBoolean("appointmentBooked", succeeded && r.Next(2) == 0);
        w.WriteBoolean("callbackRequested", r.Next(5) == 0);
        w.WriteBoolean("spokeToHuman", endedReason == "assistant-forwarded-call");
        w.WriteString("sentiment", succeeded ? "positive" : "neutral");
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("monitor");
        w.WriteString("listenUrl", $"wss://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/{id}/listen");
        w.WriteString("controlUrl", $"https://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/{id}/control");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static readonly string[] s_userNames = ["Dana Whitfield", "Luis Ortega", "Priya Natarajan", "Tom O'Neill", "Mei Chen"];

    private static void WriteMessages(
        Utf8JsonWriter w,
        List<(string Role, string Text, double Start, double Duration)> spoken,
        string system,
        long startMs,
        int toolAfter,
        string? toolCallId,
        string tool,
        string arguments,
        string result)
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("role", "system");
        w.WriteString("message", system);
        w.WriteNumber("time", startMs);
        w.WriteNumber("secondsFromStart", 0);
        w.WriteEndObject();
        for (int i = 0; i < spoken.Count; i++)
        {
            var (role, text, start, duration) = spoken[i];
            w.WriteStartObject();
            w.WriteString("role", role);
            w.WriteString("message", text);
            w.WriteNumber("time", startMs + (long)(start * 1000));
            w.WriteNumber("endTime", startMs + (long)((start + duration) * 1000));
            w.WriteNumber("secondsFromStart", Math.Round(start, 3));
            w.WriteNumber("duration", Math.Round(duration * 1000));
            if (role == "bot")
            {
                w.WriteString("source", string.Empty);
            }
            else
            {
                w.WriteBoolean("isFiltered", false);
                w.WriteStartArray("detectedThreats");
                w.WriteEndArray();
            }

            w.WriteEndObject();
            if (i == toolAfter)
            {
                double at = start + duration + 0.2;
                w.WriteStartObject();
                w.WriteString("role", "tool_calls");
                w.WriteStartArray("toolCalls");
                WriteToolCall(w, toolCallId!, tool, arguments);
                w.WriteEndArray();
                w.WriteString("message", string.Empty);
                w.WriteNumber("time", startMs + (long)(at * 1000));
                w.WriteNumber("secondsFromStart", Math.Round(at, 3));
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("role", "tool_call_result");
                w.WriteString("toolCallId", toolCallId);
                w.WriteString("name", tool);
                w.WriteString("result", result);
                w.WriteNumber("time", startMs + (long)((at + 0.35) * 1000));
                w.WriteNumber("secondsFromStart", Math.Round(at + 0.35, 3));
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    }

    private static void WriteToolCall(Utf8JsonWriter w, string id, string tool, string arguments)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", tool);
        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, string provider, string model)
    {
        w.WriteStartObject("model");
        w.WriteString("provider", provider);
        w.WriteString("model", model);
        w.WriteEndObject();
    }

    private static void WriteAnalysisCost(Utf8JsonWriter w, string analysisType, int prompt, int completion, double cost)
    {
        w.WriteStartObject();
        w.WriteString("type", "analysis");
        w.WriteString("analysisType", analysisType);
        WriteModel(w, "openai", "gpt-4o-mini");
        w.WriteNumber("promptTokens", prompt);
        w.WriteNumber("completionTokens", completion);
        w.WriteNumber("cachedPromptTokens", 0);
        w.WriteNumber("cost", cost);
        w.WriteEndObject();
    }

    private static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 6);

    private static string Hex(Random r, int length)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = digits[r.Next(16)];
        return new string(chars);
    }

    private static string Uuid(Random r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
