using System;

namespace CallsGen.Runtime;

/// <summary>
/// Turns a whole successful response body (UTF-8 JSON) into a value.
/// Throw <see cref="System.Text.Json.JsonException"/> or <see cref="FormatException"/> when the body is not what is expected;
/// <see cref="ApiConnection"/> wraps both in an <see cref="ApiException"/>.
/// </summary>
/// <typeparam name="T">The decoded type.</typeparam>
/// <param name="utf8Json">The response body; only valid during the call.</param>
/// <returns>The decoded value.</returns>
public delegate T ResponseDecoder<T>(ReadOnlySpan<byte> utf8Json);
