namespace CallsGen.Generator.Model;

/// <summary>How a request body is sent.</summary>
internal enum BodyKind
{
    /// <summary>A generated model as JSON (application/json, any +json type).</summary>
    Json,

    /// <summary>A generated model's properties as application/x-www-form-urlencoded fields.</summary>
    Form,

    /// <summary>multipart/form-data parts: files, text and JSON fields, from a generated parts class.</summary>
    Multipart,

    /// <summary>A string (text/plain, other text and XML types).</summary>
    Text,

    /// <summary>A stream (application/octet-stream, images, audio, anything else).</summary>
    Binary,
}

/// <summary>
/// A request body under one media type. <see cref="Type"/> is the model for Json and Form bodies (null for the others);
/// <see cref="MethodSuffix"/> is empty for the preferred body and names the media type for the others' methods;
/// <see cref="Encodings"/> are a form body's per-property styles; <see cref="PartsTypeName"/> and <see cref="Parts"/>
/// describe a multipart body's class. Compares by value.
/// </summary>
internal sealed record BodySpec(
    BodyKind Kind,
    string MediaType,
    TypeRef? Type,
    bool Required,
    string? Description,
    string MethodSuffix,
    EquatableArray<FormEncodingSpec> Encodings,
    string? PartsTypeName,
    EquatableArray<PartSpec> Parts)
{
    /// <summary>An application/json body.</summary>
    public BodySpec(TypeRef type, bool required, string? description)
        : this(BodyKind.Json, "application/json", type, required, description, string.Empty, default, null, default)
    {
    }
}

/// <summary>
/// The encoding object's style for one property of a form body: <see cref="Style"/> is the runtime's
/// <c>FormStyle</c> member name (Form, SpaceDelimited, PipeDelimited, DeepObject). Compares by value.
/// </summary>
internal sealed record FormEncodingSpec(string WireName, string Style, bool Explode);

/// <summary>What one multipart part carries.</summary>
internal enum PartKind
{
    /// <summary>A string, number, boolean, date or enum, as text.</summary>
    Text,

    /// <summary>A list of those, one text part per item.</summary>
    TextList,

    /// <summary>An object or anything else, as a JSON part.</summary>
    Json,

    /// <summary>A file (format binary, or a contentMediaType).</summary>
    File,

    /// <summary>A list of files under one name.</summary>
    Files,
}

/// <summary>One property of a multipart body's parts class. <see cref="Type"/> is null for files. Compares by value.</summary>
internal sealed record PartSpec(string WireName, string Name, PartKind Kind, TypeRef? Type, bool Required, string? Description);

/// <summary>How a success response is read.</summary>
internal enum ResponseKind
{
    /// <summary>No body (or one the document does not describe): discarded.</summary>
    None,

    /// <summary>One JSON document of <see cref="OperationSpec.ResponseType"/>.</summary>
    Json,

    /// <summary>Text, as a string.</summary>
    Text,

    /// <summary>Binary, as a stream the caller disposes.</summary>
    Binary,

    /// <summary>Several success statuses with different bodies: a result class that says which came.</summary>
    ByStatus,
}

/// <summary>
/// How an operation's response is read: its kind, the Accept header to send (null for JSON), the result class and its
/// statuses (ByStatus), the error bodies the document declares, and the headers its success responses declare (an
/// operation with some gets a second method, <see cref="HeadersMethodName"/>, whose spec has <see cref="ReturnsHeaders"/>
/// and which returns them with the body). Compares by value.
/// </summary>
internal sealed record ResponseSpec(
    ResponseKind Kind,
    string? Accept,
    string? ResultTypeName,
    EquatableArray<StatusBodySpec> Statuses,
    EquatableArray<ErrorBodySpec> Errors,
    EquatableArray<string> Headers = default,
    string? HeadersMethodName = null,
    bool ReturnsHeaders = false)
{
    public static readonly ResponseSpec None = new(ResponseKind.None, null, null, default, default);

    public static readonly ResponseSpec Json = new(ResponseKind.Json, null, null, default, default);
}

/// <summary>One success status of a ByStatus response: its code, the result's member for it, and its JSON body's type (null for none). Compares by value.</summary>
internal sealed record StatusBodySpec(int StatusCode, string MemberName, TypeRef? Type);

/// <summary>
/// An error body the document declares: for one status ("404"), a class of them ("4XX") or any other ("default"), with
/// its JSON type. Compares by value.
/// </summary>
internal sealed record ErrorBodySpec(string Status, TypeRef Type);
