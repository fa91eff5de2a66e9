using System;
using System.IO;

namespace CallsGen.Runtime;

/// <summary>
/// A file sent as one part of a <c>multipart/form-data</c> body: its bytes (streamed, never buffered whole), its file name and
/// its media type. The stream is read from its current position and is not disposed: it stays the caller's.
/// </summary>
public sealed class ApiFile
{
    /// <summary>Creates a file part.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The file name sent in the part's <c>Content-Disposition</c>.</param>
    /// <param name="contentType">The part's <c>Content-Type</c>; <see langword="null"/> sends <c>application/octet-stream</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> or <paramref name="fileName"/> is <see langword="null"/>.</exception>
    public ApiFile(Stream content, string fileName, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        Content = content;
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>The file's bytes.</summary>
    public Stream Content { get; }

    /// <summary>The file name.</summary>
    public string FileName { get; }

    /// <summary>The media type, or <see langword="null"/> for <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; }

    /// <summary>Describes the file for logs: its name and media type.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => FileName + " (" + (ContentType ?? "application/octet-stream") + ")";
}
