using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace CallsGen.Runtime;

/// <summary>
/// A <c>multipart/form-data</c> body (RFC 7578): text fields, JSON fields and files, in the order added. Files are streamed
/// from their streams as the body is sent, never buffered whole; the body can be sent again (on a retry) only when every
/// file's stream can seek.
/// </summary>
public sealed class MultipartBody : RequestBody
{
    private readonly List<Part> _parts = [];

    /// <inheritdoc/>
    public override string MediaType => "multipart/form-data";

    /// <inheritdoc/>
    public override bool CanBeResent => _parts.TrueForAll(p => p.File is null || p.File.CanBeResent);

    /// <summary>How many parts have been added.</summary>
    public int Count => _parts.Count;

    /// <summary>Adds a text field, sent without a <c>Content-Type</c> (so <c>text/plain</c>, UTF-8, as a form would send it).</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    public void AddText(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is not null)
        {
            _parts.Add(new Part(name, Encoding.UTF8.GetBytes(value), null, null, null));
        }
    }

    /// <summary>Adds a field holding JSON (an object or array the document puts in a part), sent as <c>application/json</c>.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="utf8Json">The UTF-8 JSON; <see langword="null"/> adds nothing.</param>
    public void AddJson(string name, byte[]? utf8Json)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (utf8Json is not null)
        {
            _parts.Add(new Part(name, utf8Json, "application/json", null, null));
        }
    }

    /// <summary>Adds a file, with its file name and media type.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="file">The file; <see langword="null"/> adds nothing.</param>
    public void AddFile(string name, ApiFile? file)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (file is not null)
        {
            _parts.Add(new Part(name, null, file.ContentType ?? "application/octet-stream", file.FileName, new StreamSource(file.Content)));
        }
    }

    /// <summary>Adds each file under the same field name.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="files">The files; <see langword="null"/> adds nothing.</param>
    public void AddFiles(string name, IEnumerable<ApiFile>? files)
    {
        if (files is null)
        {
            return;
        }

        foreach (ApiFile file in files)
        {
            AddFile(name, file);
        }
    }

    /// <inheritdoc/>
    protected internal override HttpContent CreateContent()
    {
        var content = new MultipartFormDataContent("----CallsGen" + Guid.NewGuid().ToString("N"));
        foreach (Part part in _parts)
        {
            HttpContent partContent = part.File is { } file ? file.CreateContent() : new ByteArrayContent(part.Bytes!);
            if (part.ContentType is not null)
            {
                partContent.Headers.ContentType = new MediaTypeHeaderValue(part.ContentType);
            }

            partContent.Headers.TryAddWithoutValidation("Content-Disposition", Disposition(part.Name, part.FileName));
            content.Add(partContent);
        }

        // Part headers in UTF-8, as browsers send a file name; filename* carries it too when it is not ASCII.
        content.HeaderEncodingSelector = static (_, _) => Encoding.UTF8;
        return content;
    }

    /// <summary>
    /// <c>form-data; name="…"</c> with the file name, if any, as a quoted string and, when it is not ASCII, also as
    /// RFC 8187's <c>filename*</c>.
    /// </summary>
    private static string Disposition(string name, string? fileName)
    {
        var text = new StringBuilder("form-data; name=").Append(Quote(name));
        if (fileName is not null)
        {
            text.Append("; filename=").Append(Quote(fileName));
            if (!Ascii.IsValid(fileName))
            {
                text.Append("; filename*=utf-8''");
                foreach (byte b in Encoding.UTF8.GetBytes(fileName))
                {
                    bool attrChar = char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b, StringComparison.Ordinal);
                    text.Append(attrChar ? ((char)b).ToString() : "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return text.ToString();
    }

    /// <summary>A quoted-string for Content-Disposition: backslash and quote escaped, line breaks (which would end the header) as %0D and %0A, as browsers send them.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal) + "\"";

    private sealed record Part(string Name, byte[]? Bytes, string? ContentType, string? FileName, StreamSource? File);
}
