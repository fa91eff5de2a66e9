using System;
using System.Globalization;
using System.Text;

namespace CallsGen.Generator.Naming;

/// <summary>
/// JSON pointers (RFC 6901), the one copy of their escaping rule: in a reference token '~' is written
/// <c>~0</c> and '/' is written <c>~1</c>. Pointers into a document are written as URI fragments
/// (<c>#/paths/~1call/get</c>); <see cref="Canonical"/> turns any spelling into one comparable form.
/// </summary>
internal static class JsonPointer
{
    /// <summary>The pointer to a document's root, as a URI fragment.</summary>
    public const string Root = "#";

    private static readonly char[] Special = { '~', '/' };

    /// <summary>One reference token, escaped: '~' as <c>~0</c>, '/' as <c>~1</c>.</summary>
    public static string Escape(string token)
    {
        if (token.IndexOfAny(Special) < 0) return token;
        var builder = new StringBuilder(token.Length + 8);
        AppendEscaped(builder, token);
        return builder.ToString();
    }

    /// <summary>Appends one reference token, escaped, without the '/' before it.</summary>
    public static void AppendEscaped(StringBuilder builder, string token)
    {
        foreach (var c in token)
        {
            if (c == '~') builder.Append("~0");
            else if (c == '/') builder.Append("~1");
            else builder.Append(c);
        }
    }

    /// <summary>
    /// One escaped reference token, unescaped: <c>~1</c> becomes '/', then <c>~0</c> becomes '~' (in that order, so
    /// <c>~01</c> is "~1"). A '~' followed by anything else is kept as it is.
    /// </summary>
    public static string Unescape(string token)
    {
        if (token.IndexOf('~') < 0) return token;
        return token.Replace("~1", "/").Replace("~0", "~");
    }

    /// <summary><paramref name="pointer"/> with one more token, the member <paramref name="name"/>, escaped.</summary>
    public static string Append(string pointer, string name) => pointer + "/" + Escape(name);

    /// <summary><paramref name="pointer"/> with one more token, the array index <paramref name="index"/>.</summary>
    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The pointer to the component schemas, as a URI fragment.</summary>
    public const string ComponentSchemas = "#/components/schemas";

    /// <summary>The pointer to the component schema <paramref name="id"/>.</summary>
    public static string ComponentSchema(string id) => Append(ComponentSchemas, id);

    /// <summary>
    /// One spelling of a pointer, fragment (<c>#/a/b</c>) or plain (<c>/a/b</c>, <c>a/b</c>): no '#', a '/' before each
    /// token, each token escaped the one way (the root is ""). Two spellings of one place give the same text. A lone
    /// "/" (<c>#/</c>) is read as the root, as the OpenAPI reader's messages write it, not as the member named "".
    /// </summary>
    public static string Canonical(string pointer)
    {
        var path = pointer.StartsWith("#", StringComparison.Ordinal) ? pointer.Substring(1) : pointer;
        if (path.Length > 0 && path[0] != '/') path = "/" + path;
        if (path == "/") path = string.Empty;
        if (path.IndexOf('~') < 0) return path;
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++) segments[i] = Escape(Unescape(segments[i]));
        return string.Join("/", segments);
    }
}
