using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;

namespace CallsGen.Samples.VapiSimulator;

/// <summary>Makes realistic, deterministic Call objects shaped like the real Vapi <c>Call</c> schema.</summary>
internal sealed class CallFactory
{
    /// <summary>An <c>endedReason</c> that is not in the OpenAPI document, as new values keep appearing on the wire.</summary>
    internal const string UnlistedEndedReason = "simulated-unlisted-ended-reason";

    private static readonly (string Value, int Weight)[] s_phoneEndedReasons =
    [
        ("customer-ended-call", 34),
        ("assistant-ended-call", 14),
        ("silence-timed-out", 9),
        ("customer-did-not-answer", 8),
        ("voicemail", 7),
        ("assistant-said-end-call-phrase", 6),
        ("assistant-forwarded-call", 5),
        ("assistant-ended-call-after-message-spoken", 4),
        ("customer-busy", 3),
        ("exceeded-max-duration", 3),
        ("twilio-failed-to-connect-call", 2),
        ("manually-canceled", 2),
        ("pipeline-error-openai-llm-failed", 2),
        ("pipeline-error-eleven-labs-voice-failed", 1),
        ("call.in-progress.error-providerfault-openai-llm-failed", 1),
        ("call.start.error-subscription-insufficient-credits", 1),
    ];

    private static readonly (string Value, int Weight)[] s_webEndedReasons =
    [
        ("customer-ended-call", 45),
        ("assistant-ended-call", 15),
        ("silence-timed-out", 12),
        ("assistant-said-end-call-phrase", 8),
        ("customer-did-not-give-microphone-permission", 5),
        ("exceeded-max-duration", 3),
        ("pipeline-error-openai-llm-failed", 2),
        ("pipeline-error-eleven-labs-voice-failed", 1),
    ];

    private static readonly string[] s_activeStatuses = ["in-progress", "queued", "ringing", "scheduled", "forwarding"];

    private static readonly string[] s_assistantNames = ["Riley", "Jordan", "Sam", "Avery", "Morgan", "Casey"];

    private static readonly string[] s_companies =
        ["Wellness Partners", "Northside Dental", "Acme Insurance", "Bluebird Realty", "City Auto Repair", "Harbor Clinic"];

    private static readonly string[] s_summaries =
    [
        "The customer booked an appointment for next Tuesday morning.",
        "The customer asked about their balance and verified their identity.",
        "The customer rescheduled their visit to a later date.",
        "The caller asked about weekend opening hours and ended the call.",
        "The customer had questions about a quote; a follow-up was scheduled.",
        "The caller asked about an apartment listing and booked a viewing.",
        "The call went to voicemail; no conversation took place.",
    ];

    private static readonly string[] s_callNames =
        ["Appointment reminder", "Follow-up: quote #", "Outbound survey", "Renewal call", "Missed-payment notice", "Lead qualification"];

    private readonly Random _random;
    private readonly SimulatorOptions _options;
    private readonly string _orgId;
    private readonly string[] _assistantIds;
    private readonly string[] _squadIds;
    private readonly (string Id, string Number, string Provider, string Transport)[] _phoneNumbers;

    internal CallFactory(SimulatorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _orgId = NewUuid();
        _assistantIds = new string[6];
        for (int i = 0; i < _assistantIds.Length; i++)
        {
            _assistantIds[i] = NewUuid();
        }

        _squadIds = [NewUuid(), NewUuid()];
        _phoneNumbers =
        [
            (NewUuid(), "+14155550123", "twilio", "pstn"),
            (NewUuid(), "+14155550188", "twilio", "pstn"),
            (NewUuid(), "+12125550147", "vonage", "pstn"),
            (NewUuid(), "+16505550199", "vapi", "sip"),
        ];
    }

    internal string OrgId => _orgId;

    internal IReadOnlyList<string> AssistantIds => _assistantIds;

    internal IEnumerable<string> PhoneNumberIds
    {
        get
        {
            foreach (var phone in _phoneNumbers)
            {
                yield return phone.Id;
            }
        }
    }

    /// <summary>
    /// The seeded calls: a few recent active ones, the rest ended over <see cref="SimulatorOptions.Span"/>, some sharing a
    /// createdAt, and with <see cref="SimulatorOptions.CampaignBatches"/> whole batches of campaign calls sharing one.
    /// </summary>
    /// <remarks>Made one call at a time, so that only the stored bytes of the calls before it stay in memory.</remarks>
    internal IEnumerable<JsonObject> CreateSeed()
    {
        int count = _options.CallCount;
        DateTimeOffset now = TruncateToMilliseconds(_options.Now);
        double spanSeconds = Math.Max(_options.Span.TotalSeconds, 7200);
        var createdAts = new DateTimeOffset[count];
        for (int i = 0; i < count; i++)
        {
            if (i < 5)
            {
                createdAts[i] = now - TimeSpan.FromMilliseconds(60_000 + _random.Next(0, 30 * 60 * 1000));
            }
            else if (i % 37 == 36 || i % 53 == 52)
            {
                createdAts[i] = createdAts[i - 1]; // ties: the same createdAt to the millisecond
            }
            else
            {
                double seconds = 3600 + (_random.NextDouble() * (spanSeconds - 3600));
                createdAts[i] = now - TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
            }
        }

        // Campaign batches take the last places (the order of createdAts does not matter: the server sorts).
        var campaigns = new (string CampaignId, string PhoneNumberId)?[count];
        int next = count;
        for (int batch = 0; batch < _options.CampaignBatches; batch++)
        {
            int size = Math.Min(_random.Next(4, 17), next - 5);
            if (size < 2)
            {
                break;
            }

            double seconds = 3600 + (_random.NextDouble() * (spanSeconds - 3600));
            DateTimeOffset at = now - TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
            var campaign = (NewUuid(), _phoneNumbers[_random.Next(_phoneNumbers.Length)].Id);
            for (int j = 0; j < size; j++)
            {
                next--;
                createdAts[next] = at;
                campaigns[next] = campaign;
            }
        }

        for (int i = 0; i < count; i++)
        {
            yield return campaigns[i] is { } c
                ? Create(NewUuid(), createdAts[i], active: false, updatedAt: null, assistantId: null, phoneNumberId: c.PhoneNumberId, campaignId: c.CampaignId)
                : Create(NewUuid(), createdAts[i], active: i < 5, updatedAt: null, assistantId: null, phoneNumberId: null);
        }
    }

    internal static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        new DateTimeOffset(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    internal static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    internal JsonObject Create(string id, DateTimeOffset createdAt, bool active, DateTimeOffset? updatedAt, string? assistantId, string? phoneNumberId, string? campaignId = null)
    {
        createdAt = TruncateToMilliseconds(createdAt);
        int typeRoll = _random.Next(100);
        string type = typeRoll < 40 ? "outboundPhoneCall" : typeRoll < 70 ? "inboundPhoneCall" : typeRoll < 95 ? "webCall" : "vapi.websocketCall";
        if ((phoneNumberId is not null && type is "webCall" or "vapi.websocketCall") || campaignId is not null)
        {
            type = "outboundPhoneCall"; // a campaign dials out
        }

        bool isPhone = type is "outboundPhoneCall" or "inboundPhoneCall";
        var phone = _phoneNumbers[_random.Next(_phoneNumbers.Length)];
        if (campaignId is not null && Array.FindIndex(_phoneNumbers, p => p.Id == phoneNumberId) is var known and >= 0)
        {
            phone = _phoneNumbers[known]; // the campaign's own number, with its provider
        }
        else if (phoneNumberId is not null)
        {
            phone.Id = phoneNumberId;
        }

        bool squad = assistantId is null && _random.Next(10) == 0;
        string? chosenAssistant = assistantId ?? (squad ? null : _assistantIds[_random.Next(_assistantIds.Length)]);
        int persona = _random.Next(s_assistantNames.Length);

        var call = new JsonObject
        {
            ["id"] = id,
            ["orgId"] = _orgId,
            ["createdAt"] = Iso(createdAt),
            ["updatedAt"] = Iso(createdAt),
            ["type"] = type,
        };

        if (campaignId is not null)
        {
            call["campaignId"] = campaignId;
        }

        if (chosenAssistant is not null)
        {
            call["assistantId"] = chosenAssistant;
        }
        else
        {
            call["squadId"] = _squadIds[_random.Next(_squadIds.Length)];
        }

        if (isPhone)
        {
            call["phoneNumberId"] = phone.Id;
            call["phoneCallProvider"] = phone.Provider;
            call["phoneCallTransport"] = phone.Transport;
            call["phoneCallProviderId"] = phone.Provider == "twilio" ? "CA" + RandomHex(32) : NewUuid();
            call["customer"] = new JsonObject { ["number"] = RandomCustomerNumber() };
        }

        if (type == "outboundPhoneCall" && _random.Next(3) == 0)
        {
            string name = s_callNames[_random.Next(s_callNames.Length)];
            if (name.EndsWith('#'))
            {
                name += _random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
            }

            call["name"] = name;
        }

        if (active)
        {
            string status = s_activeStatuses[_random.Next(s_activeStatuses.Length)];
            call["status"] = status;
            DateTimeOffset touched = createdAt + TimeSpan.FromMilliseconds(_random.Next(200, 5000));
            if (status is "in-progress" or "forwarding")
            {
                call["startedAt"] = Iso(createdAt + TimeSpan.FromMilliseconds(_random.Next(300, 2500)));
                call["monitor"] = new JsonObject
                {
                    ["listenUrl"] = $"wss://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/{id}/listen",
                    ["controlUrl"] = $"https://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/{id}/control",
                };
            }

            call["updatedAt"] = Iso(updatedAt ?? touched);
            return call;
        }

        string endedReason = Pick(isPhone ? s_phoneEndedReasons : s_webEndedReasons);
        if (_options.WireQuirks && _random.Next(60) == 0)
        {
            endedReason = UnlistedEndedReason;
        }

        bool connected = endedReason is not ("customer-did-not-answer" or "customer-busy" or "twilio-failed-to-connect-call"
            or "call.start.error-subscription-insufficient-credits" or "customer-did-not-give-microphone-permission");
        double seconds = connected
            ? endedReason == "exceeded-max-duration" ? 600 : 8 + (_random.NextDouble() * 400)
            : _random.NextDouble() * 25;
        seconds = Math.Round(seconds, 3);
        DateTimeOffset startedAt = createdAt + TimeSpan.FromMilliseconds(_random.Next(300, 2500));
        DateTimeOffset endedAt = startedAt + TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        call["status"] = "ended";
        call["endedReason"] = endedReason;
        call["startedAt"] = Iso(startedAt);
        call["endedAt"] = Iso(endedAt);
        call["updatedAt"] = Iso(updatedAt ?? endedAt + TimeSpan.FromMilliseconds(_random.Next(500, 6000)));

        if (endedReason == "assistant-forwarded-call")
        {
            call["destination"] = new JsonObject
            {
                ["type"] = "number",
                ["number"] = "+1415555" + _random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
                ["message"] = "Please hold while I transfer you.",
                ["numberE164CheckEnabled"] = true,
            };
        }

        AddCostsAndArtifacts(call, id, type, phone.Provider, isPhone, connected, endedReason, seconds, startedAt, persona);
        return call;
    }

    private void AddCostsAndArtifacts(
        JsonObject call,
        string id,
        string type,
        string phoneProvider,
        bool isPhone,
        bool connected,
        string endedReason,
        double seconds,
        DateTimeOffset startedAt,
        int persona)
    {
        double minutes = Math.Round(seconds / 60, 4);
        string transportProvider = type switch
        {
            "webCall" => "daily",
            "vapi.websocketCall" => "vapi.websocket",
            _ => phoneProvider == "vapi" ? "vapi.sip" : phoneProvider,
        };
        double transportCost = isPhone && phoneProvider != "vapi" ? Round(minutes * 0.0085) : 0;
        double sttCost = connected ? Round(minutes * 0.0108) : 0;
        int promptTokens = connected ? _random.Next(800, 9000) : 0;
        int completionTokens = connected ? _random.Next(40, 700) : 0;
        int cachedPromptTokens = connected ? _random.Next(0, promptTokens / 2) : 0;
        double llmCost = Round((promptTokens * 0.0000025) + (completionTokens * 0.00001));
        int characters = connected ? _random.Next(120, 2400) : 0;
        double ttsCost = Round(characters * 0.00003);
        double vapiCost = Round(minutes * 0.05);
        bool analysed = connected && seconds > 5;
        int summaryPrompt = analysed ? _random.Next(300, 2000) : 0;
        int summaryCompletion = analysed ? _random.Next(30, 120) : 0;
        double summaryCost = Round((summaryPrompt * 0.00000015) + (summaryCompletion * 0.0000006));
        int evalPrompt = analysed ? _random.Next(300, 2000) : 0;
        int evalCompletion = analysed ? _random.Next(1, 10) : 0;
        double evalCost = Round((evalPrompt * 0.00000015) + (evalCompletion * 0.0000006));

        var model = new JsonObject { ["provider"] = "openai", ["model"] = "gpt-4o" };
        var costs = new JsonArray
        {
            new JsonObject { ["type"] = "transport", ["provider"] = transportProvider, ["minutes"] = minutes, ["cost"] = transportCost },
            new JsonObject
            {
                ["type"] = "transcriber",
                ["transcriber"] = new JsonObject { ["provider"] = "deepgram", ["model"] = "nova-3", ["language"] = "en" },
                ["minutes"] = minutes,
                ["cost"] = sttCost,
            },
            new JsonObject
            {
                ["type"] = "model",
                ["model"] = model.DeepClone(),
                ["promptTokens"] = promptTokens,
                ["completionTokens"] = completionTokens,
                ["cachedPromptTokens"] = cachedPromptTokens,
                ["cost"] = llmCost,
            },
            new JsonObject
            {
                ["type"] = "voice",
                ["voice"] = new JsonObject { ["provider"] = "11labs", ["voiceId"] = "burt", ["model"] = "eleven_turbo_v2_5" },
                ["characters"] = characters,
                ["cost"] = ttsCost,
            },
            new JsonObject { ["type"] = "vapi", ["subType"] = "normal", ["minutes"] = minutes, ["cost"] = vapiCost },
        };

        double total = transportCost + sttCost + llmCost + ttsCost + vapiCost;
        if (analysed)
        {
            costs.Add(new JsonObject
            {
                ["type"] = "analysis",
                ["analysisType"] = "summary",
                ["model"] = new JsonObject { ["provider"] = "openai", ["model"] = "gpt-4o-mini" },
                ["promptTokens"] = summaryPrompt,
                ["completionTokens"] = summaryCompletion,
                ["cost"] = summaryCost,
            });
            costs.Add(new JsonObject
            {
                ["type"] = "analysis",
                ["analysisType"] = "successEvaluation",
                ["model"] = new JsonObject { ["provider"] = "openai", ["model"] = "gpt-4o-mini" },
                ["promptTokens"] = evalPrompt,
                ["completionTokens"] = evalCompletion,
                ["cost"] = evalCost,
            });
            total += summaryCost + evalCost;
        }

        if (endedReason == "voicemail")
        {
            double vmCost = Round(minutes * 0.002);
            costs.Add(new JsonObject
            {
                ["type"] = "voicemail-detection",
                ["model"] = new JsonObject { ["provider"] = "openai", ["model"] = "gpt-4o-mini-realtime-preview" },
                ["provider"] = "openai",
                ["promptTextTokens"] = _random.Next(100, 400),
                ["promptAudioTokens"] = _random.Next(200, 900),
                ["completionTextTokens"] = _random.Next(1, 20),
                ["completionAudioTokens"] = 0,
                ["cost"] = vmCost,
            });
            total += vmCost;
        }

        if (connected && _random.Next(8) == 0)
        {
            int kbPrompt = _random.Next(500, 3000);
            int kbCompletion = _random.Next(20, 200);
            double kbCost = Round((kbPrompt * 0.00000015) + (kbCompletion * 0.0000006));
            costs.Add(new JsonObject
            {
                ["type"] = "knowledge-base",
                ["model"] = new JsonObject { ["provider"] = "google", ["model"] = "gemini-2.0-flash" },
                ["promptTokens"] = kbPrompt,
                ["completionTokens"] = kbCompletion,
                ["cost"] = kbCost,
            });
            total += kbCost;
        }

        total = Round(total);
        call["cost"] = total;
        call["costs"] = costs;
        call["costBreakdown"] = new JsonObject
        {
            ["transport"] = transportCost,
            ["stt"] = sttCost,
            ["llm"] = llmCost,
            ["tts"] = ttsCost,
            ["vapi"] = vapiCost,
            ["chat"] = 0,
            ["total"] = total,
            ["llmPromptTokens"] = promptTokens,
            ["llmCompletionTokens"] = completionTokens,
            ["llmCachedPromptTokens"] = cachedPromptTokens,
            ["ttsCharacters"] = characters,
            ["analysisCostBreakdown"] = new JsonObject
            {
                ["summary"] = summaryCost,
                ["summaryPromptTokens"] = summaryPrompt,
                ["summaryCompletionTokens"] = summaryCompletion,
                ["successEvaluation"] = evalCost,
                ["successEvaluationPromptTokens"] = evalPrompt,
                ["successEvaluationCompletionTokens"] = evalCompletion,
            },
        };

        string assistantName = s_assistantNames[persona];
        string company = s_companies[persona];
        long startMs = startedAt.ToUnixTimeMilliseconds();
        var messages = new JsonArray();
        string transcript = Conversations.Write(messages, _random, assistantName, company, startMs, seconds, connected, voicemail: endedReason == "voicemail");

        call["messages"] = messages;
        var artifact = new JsonObject
        {
            ["messages"] = messages.DeepClone(),
            ["transcript"] = transcript,
        };
        if (connected)
        {
            string stamp = startMs.ToString(CultureInfo.InvariantCulture);
            string file = NewUuid();
            artifact["recordingUrl"] = $"https://storage.vapi.ai/{id}-{stamp}-{file}-mono.wav";
            artifact["stereoRecordingUrl"] = $"https://storage.vapi.ai/{id}-{stamp}-{file}-stereo.wav";
        }

        call["artifact"] = artifact;

        if (analysed)
        {
            string summary = endedReason == "voicemail" ? s_summaries[^1] : s_summaries[_random.Next(s_summaries.Length - 1)];
            bool succeeded = _random.Next(4) != 0;
            var analysis = new JsonObject { ["summary"] = summary };
            analysis["successEvaluation"] = _options.WireQuirks && _random.Next(12) == 0
                ? JsonValue.Create(succeeded) // the real server sends booleans although the document says string
                : JsonValue.Create(succeeded ? "true" : "false");
            call["analysis"] = analysis;
        }
        else
        {
            call["analysis"] = new JsonObject();
        }
    }

    private string Pick((string Value, int Weight)[] table)
    {
        int sum = 0;
        foreach (var entry in table)
        {
            sum += entry.Weight;
        }

        int roll = _random.Next(sum);
        foreach (var entry in table)
        {
            if (roll < entry.Weight)
            {
                return entry.Value;
            }

            roll -= entry.Weight;
        }

        return table[0].Value;
    }

    private string RandomCustomerNumber() =>
        "+1" + _random.Next(201, 990).ToString(CultureInfo.InvariantCulture) + "555" + _random.Next(1000, 10000).ToString(CultureInfo.InvariantCulture);

    private string RandomHex(int length)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = digits[_random.Next(16)];
        }

        return new string(chars);
    }

    internal string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static double Round(double value) => Math.Round(value, 4);
}
