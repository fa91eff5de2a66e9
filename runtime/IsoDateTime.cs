using System;
using System.Globalization;

namespace CallsGen.Runtime;

/// <summary>
/// The one date-time wire format of the runtime: the instant converted to UTC, ISO 8601 with a 'Z' suffix,
/// milliseconds always written (<c>2026-03-01T10:00:00.000Z</c>), and all seven fraction digits only when the value
/// has ticks below the millisecond (<c>2026-03-01T10:00:00.1234567Z</c>), so nothing is lost.
/// </summary>
internal static class IsoDateTime
{
    internal const string MillisecondFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";
    internal const string TickFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    /// <summary>The longest formatted value, in characters or bytes.</summary>
    internal const int MaxLength = 28;

    internal static string GetFormat(DateTime utc) =>
        utc.Ticks % TimeSpan.TicksPerMillisecond == 0 ? MillisecondFormat : TickFormat;

    internal static string Format(DateTimeOffset value)
    {
        DateTime utc = value.UtcDateTime;
        return utc.ToString(GetFormat(utc), CultureInfo.InvariantCulture);
    }

    internal static int FormatUtf8(DateTimeOffset value, Span<byte> destination)
    {
        DateTime utc = value.UtcDateTime;
        if (!utc.TryFormat(destination, out int written, GetFormat(utc), CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("The destination is too small for a date-time.", nameof(destination));
        }

        return written;
    }
}
