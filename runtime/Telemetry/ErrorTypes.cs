using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>
/// The <c>error.type</c> of a failed call or attempt, as OpenTelemetry's HTTP conventions have it: the status code for a
/// failed status, a short snake_case name otherwise (<c>timeout</c>, <c>connection_refused</c>, ...), and the exception's
/// type name for anything else. Never a message: those may quote the server.
/// </summary>
internal static class ErrorTypes
{
    public const string Timeout = "timeout";
    public const string TotalTimeout = "total_timeout";
    public const string Canceled = "canceled";
    public const string ResponseTooLarge = "response_too_large";
    public const string InvalidResponse = "invalid_response";
    public const string CrossOriginRedirect = "cross_origin_redirect";
    public const string Configuration = "configuration";

    public static string OfStatus(int status) => status.ToString(CultureInfo.InvariantCulture);

    public static string Of(Exception ex) => ex switch
    {
        ApiTimeoutException timeout => timeout.IsTotalTimeout ? TotalTimeout : Timeout,
        AttemptTimedOutException => Timeout,
        ApiResponseTooLargeException => ResponseTooLarge,
        ApiException api when api.ErrorType is { } type => type,
        ApiException api when api.StatusCode is < 200 or >= 300 => OfStatus(api.StatusCode),
        ApiException => InvalidResponse,
        ApiConfigurationException => Configuration,
        OperationCanceledException => Canceled,
        HttpRequestException or IOException => Transport(ex),
        JsonException or FormatException => InvalidResponse,
        _ => ex.GetType().FullName ?? ex.GetType().Name,
    };

    /// <summary>A socket error if there is one (<c>connection_refused</c>), else the HttpRequestError (<c>response_ended</c>).</summary>
    private static string Transport(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return SnakeCase(socket.SocketErrorCode.ToString());
            }
        }

        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            HttpRequestError error = e switch
            {
                HttpRequestException http => http.HttpRequestError,
                HttpIOException io => io.HttpRequestError,
                _ => HttpRequestError.Unknown,
            };
            if (error != HttpRequestError.Unknown)
            {
                return SnakeCase(error.ToString());
            }
        }

        return ex is IOException ? "io_error" : "transport_error";
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
