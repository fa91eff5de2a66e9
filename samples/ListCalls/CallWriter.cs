using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vapi;

namespace CallsGen.Samples.ListCalls;

/// <summary>Writes the calls to standard output in one of the <see cref="OutputFormat"/>s.</summary>
internal abstract class CallWriter
{
    protected CallWriter(Stream output, StatusDisplay display)
    {
        Output = output;
        Display = display;
    }

    protected Stream Output { get; }

    protected StatusDisplay Display { get; }

    /// <summary>How many calls were added.</summary>
    public int Count { get; private set; }

    public static CallWriter Create(OutputFormat format, Stream output, StatusDisplay display, Func<IReadOnlyList<Call>, string> table) => format switch
    {
        OutputFormat.Json => new JsonCallWriter(output, display, array: true),
        OutputFormat.JsonLines => new JsonCallWriter(output, display, array: false),
        _ => new TableCallWriter(output, display, table),
    };

    public void Add(Call call)
    {
        Count++;
        Write(call);
    }

    protected abstract void Write(Call call);

    /// <summary>Sends what is written so far on its way (called when the program is about to wait for the server).</summary>
    public virtual void Flush() => Display.BeforeOutput(Output.Flush);

    /// <summary>Ends the output with what was added, whether the listing finished or stopped early (not called when it failed before any call came).</summary>
    public abstract void Complete();

    protected void WriteText(string text) => Display.BeforeOutput(() => Output.Write(Encoding.UTF8.GetBytes(text)));
}

/// <summary>
/// The calls as the API sent them, through the generated writer (<see cref="VapiClientJson.WriteCall"/>): what the client
/// decoded, unknown properties and raw values included, written back. One array, one call per line inside it, or one call
/// per line (JSON Lines), written as the calls arrive.
/// </summary>
internal sealed class JsonCallWriter : CallWriter
{
    private readonly bool _array;
    private readonly Utf8JsonWriter _json;

    public JsonCallWriter(Stream output, StatusDisplay display, bool array)
        : base(output, display)
    {
        _array = array;
        // As a JavaScript server writes it: "+" and non-ASCII text as they are, not as \u escapes.
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    protected override void Write(Call call) => Display.BeforeOutput(() =>
    {
        if (_array) Output.Write(Count == 1 ? "[\n"u8 : ",\n"u8);
        _json.Reset(Output);
        VapiClientJson.WriteCall(_json, call);
        _json.Flush();
        if (!_array) Output.Write("\n"u8);
    });

    public override void Complete()
    {
        if (_array) Display.BeforeOutput(() => Output.Write(Count == 0 ? "[]\n"u8 : "\n]\n"u8));
        Flush();
    }
}

/// <summary>The calls as a table, written once they are all in (its columns fit them all).</summary>
internal sealed class TableCallWriter : CallWriter
{
    private readonly List<Call> _calls = [];
    private readonly Func<IReadOnlyList<Call>, string> _format;

    public TableCallWriter(Stream output, StatusDisplay display, Func<IReadOnlyList<Call>, string> format)
        : base(output, display)
    {
        _format = format;
    }

    protected override void Write(Call call) => _calls.Add(call);

    public override void Flush()
    {
    }

    public override void Complete()
    {
        WriteText(_format(_calls));
        base.Flush();
    }
}
