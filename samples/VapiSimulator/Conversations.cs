using System;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CallsGen.Samples.VapiSimulator;

/// <summary>
/// The transcripts of simulated calls: a system prompt, the assistant's greeting, then a scripted conversation with
/// the caller (including, in some, a tool the assistant runs and its result), cut off when the call's time runs out.
/// Messages are shaped as the real server sends them: <c>bot</c> lines carry <c>source</c> and <c>duration</c>,
/// <c>user</c> lines <c>duration</c>; tool requests and results have roles of their own.
/// </summary>
internal static class Conversations
{
    /// <summary>One step of a script: a line spoken by the caller or the assistant, or a tool call with its result.</summary>
    private sealed record Step(string Role, string Text, string? Tool = null, string? Arguments = null);

    private static Step User(string text) => new("user", text);

    private static Step Bot(string text) => new("bot", text);

    private static Step Tool(string name, string arguments, string result) => new("tool", result, name, arguments);

    private static readonly Step[][] s_scripts =
    [
        [
            User("Hi, I'd like to book an appointment for next Tuesday."),
            Bot("Sure, I can help with that. Is the morning or the afternoon better for you?"),
            User("The morning, if possible. Ideally before ten."),
            Tool("check_availability", "{\"date\":\"next Tuesday\",\"before\":\"10:00\"}", "{\"slots\":[\"08:30\",\"09:15\"]}"),
            Bot("I have eight thirty or nine fifteen. Which one works?"),
            User("Nine fifteen works."),
            Tool("book_appointment", "{\"time\":\"09:15\"}", "{\"confirmation\":\"A7F2\"}"),
            Bot("You're booked for Tuesday at nine fifteen. Your confirmation code is A7F2."),
            User("Great. Do I need to bring anything?"),
            Bot("Just your ID and your insurance card, if you have one."),
            User("Perfect, thank you."),
            Bot("You're welcome. Is there anything else I can help you with?"),
            User("No, that's all."),
            Bot("Thanks for calling. Have a great day!"),
        ],
        [
            User("Can you tell me my current balance?"),
            Bot("Of course. For security, could you confirm the last four digits of your account number?"),
            User("It's four four one nine."),
            Tool("lookup_account", "{\"last4\":\"4419\"}", "{\"balance\":\"182.40\",\"due\":\"the 15th\"}"),
            Bot("Thanks. Your balance is one hundred eighty-two dollars and forty cents, due on the fifteenth."),
            User("Can I pay part of it now?"),
            Bot("Yes. How much would you like to pay today?"),
            User("Let's do fifty dollars."),
            Tool("take_payment", "{\"amount\":\"50.00\"}", "{\"status\":\"approved\"}"),
            Bot("Your payment of fifty dollars went through. Your new balance is one thirty-two forty."),
            User("Thanks a lot."),
            Bot("Anytime. Goodbye!"),
        ],
        [
            User("I need to reschedule my visit."),
            Bot("No problem. What date would work better for you?"),
            User("Sometime later next week. Thursday maybe?"),
            Bot("Let me check Thursday for you."),
            Tool("check_availability", "{\"date\":\"Thursday\"}", "{\"slots\":[\"13:00\",\"16:30\"]}"),
            Bot("Thursday I have one o'clock or four thirty."),
            User("Four thirty, please."),
            Bot("Done. I've moved your visit to Thursday at four thirty."),
            User("Will I get a reminder?"),
            Bot("Yes, you'll get a text the day before."),
            User("Okay, great."),
            Bot("Thanks, and see you Thursday."),
        ],
        [
            User("What are your opening hours on Saturday?"),
            Bot("On Saturdays we're open from nine in the morning until one in the afternoon."),
            User("And on Sunday?"),
            Bot("We're closed on Sundays, but you can leave a message anytime."),
            User("Is there parking nearby?"),
            Bot("There's a free lot behind the building, and street parking on Main."),
            User("Good to know. Thanks."),
            Bot("You're welcome. Have a nice weekend."),
        ],
        [
            User("I'm calling about the quote you sent me."),
            Bot("Thanks for calling back. Do you have any questions about the quote?"),
            User("Yes, why is the second item so expensive?"),
            Tool("get_quote", "{\"customer\":\"current caller\"}", "{\"items\":[{\"name\":\"labor\",\"price\":\"420\"},{\"name\":\"parts\",\"price\":\"980\"}]}"),
            Bot("The second item is the parts, which include a new compressor. That's most of the cost."),
            User("Could you do it with a refurbished one?"),
            Bot("We can. That would bring the parts down to about six hundred. Shall I send an updated quote?"),
            User("Yes, please."),
            Bot("I'll email it within the hour."),
            User("Thank you."),
            Bot("Thanks for your patience. Goodbye."),
        ],
        [
            User("Is the two-bedroom on Elm Street still available?"),
            Bot("Yes, it is. Would you like to schedule a viewing?"),
            User("Yes. Could I see it this weekend?"),
            Tool("list_viewings", "{\"property\":\"Elm Street, 2BR\"}", "{\"slots\":[\"Saturday 11:00\",\"Sunday 14:00\"]}"),
            Bot("I can offer Saturday at eleven or Sunday at two."),
            User("Saturday at eleven."),
            Bot("Great, you're down for Saturday at eleven. The agent's name is Dana."),
            User("Does it allow pets?"),
            Bot("Cats and small dogs are allowed with a deposit."),
            User("Perfect. See you Saturday."),
            Bot("See you then!"),
        ],
    ];

    /// <summary>
    /// Writes the call's messages: the system prompt, then, when the call connected, the greeting and as much of a
    /// script as fits in <paramref name="seconds"/>. Returns the plain transcript (AI:/User: lines) the server also sends.
    /// </summary>
    public static string Write(JsonArray messages, Random random, string assistant, string company, long startMs, double seconds, bool connected, bool voicemail)
    {
        messages.Add(new JsonObject
        {
            ["role"] = "system",
            ["message"] = $"You are {assistant}, a friendly voice assistant for {company}. Keep answers short and confirm details back.",
            ["time"] = startMs,
            ["secondsFromStart"] = 0,
        });
        var transcript = new StringBuilder();
        if (!connected)
        {
            return transcript.ToString();
        }

        double t = 0.6;
        Spoken(messages, random, "bot", $"Hi, this is {assistant} from {company}. How can I help you today?", startMs, ref t, transcript);
        if (voicemail)
        {
            return transcript.ToString();
        }

        var script = s_scripts[random.Next(s_scripts.Length)];
        var calls = 0;
        foreach (var step in script)
        {
            if (t >= seconds)
            {
                break;
            }

            if (step.Tool is null)
            {
                Spoken(messages, random, step.Role, step.Text, startMs, ref t, transcript);
                continue;
            }

            string id = "call_" + random.Next(0x10000000, int.MaxValue).ToString("x8", CultureInfo.InvariantCulture) + (++calls).ToString(CultureInfo.InvariantCulture);
            messages.Add(new JsonObject
            {
                ["role"] = "tool_calls",
                ["toolCalls"] = new JsonArray(new JsonObject
                {
                    ["id"] = id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = step.Tool, ["arguments"] = step.Arguments },
                }),
                ["message"] = string.Empty,
                ["time"] = startMs + (long)(t * 1000),
                ["secondsFromStart"] = Math.Round(t, 3),
            });
            t += 0.3 + (random.NextDouble() * 0.9);
            messages.Add(new JsonObject
            {
                ["role"] = "tool_call_result",
                ["toolCallId"] = id,
                ["name"] = step.Tool,
                ["result"] = step.Text,
                ["time"] = startMs + (long)(t * 1000),
                ["secondsFromStart"] = Math.Round(t, 3),
            });
            t += 0.2;
        }

        return transcript.ToString();
    }

    private static void Spoken(JsonArray messages, Random random, string role, string text, long startMs, ref double t, StringBuilder transcript)
    {
        double duration = Math.Round(0.9 + (text.Length * 0.055), 3);
        var message = new JsonObject
        {
            ["role"] = role,
            ["message"] = text,
            ["time"] = startMs + (long)(t * 1000),
            ["endTime"] = startMs + (long)((t + duration) * 1000),
            ["secondsFromStart"] = Math.Round(t, 3),
            ["duration"] = Math.Round(duration * 1000),
        };
        if (role == "bot")
        {
            message["source"] = string.Empty;
        }

        messages.Add(message);
        transcript.Append(role == "bot" ? "AI: " : "User: ").Append(text).Append('\n');
        t += duration + 0.4 + (random.NextDouble() * 0.8);
    }
}
