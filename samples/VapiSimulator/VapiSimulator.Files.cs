using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallsGen.Samples.VapiSimulator;

/// <summary>A file the simulator received through <c>POST /file</c>.</summary>
/// <param name="Id">The id it answered with.</param>
/// <param name="FileName">The part's file name.</param>
/// <param name="ContentType">The part's media type.</param>
/// <param name="Bytes">How many bytes the file had.</param>
/// <param name="Sha256">The SHA-256 of the bytes, in lower-case hex.</param>
public sealed record UploadedFile(string Id, string FileName, string? ContentType, long Bytes, string Sha256);

// POST /file: Vapi's file upload (FileController_create). The body is multipart/form-data with one required part,
// "file"; the answer is 201 with the stored File (id, orgId, createdAt, updatedAt, name, originalName, bytes, mimetype,
// status), or 400 "Invalid file" when the part is missing, as the document says.
public sealed partial class VapiSimulator
{
    private readonly List<UploadedFile> _uploads = [];

    /// <summary>The files received through <c>POST /file</c>, in arrival order.</summary>
    public IReadOnlyList<UploadedFile> Uploads
    {
        get
        {
            lock (_gate)
            {
                return _uploads.ToArray();
            }
        }
    }

    private async Task UploadFileAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (!IsAuthorized(request.Headers.Authorization))
        {
            await WriteErrorAsync(context, 401, "Unauthorized", JsonValue.Create(UnauthorizedMessage)).ConfigureAwait(false);
            return;
        }

        UploadedFile? upload = request.HasFormContentType && request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true
            ? await ReadFilePartAsync(request).ConfigureAwait(false)
            : null;
        if (upload is null)
        {
            await WriteErrorAsync(context, 400, "Bad Request", JsonValue.Create("Invalid file")).ConfigureAwait(false);
            return;
        }

        lock (_gate)
        {
            _uploads.Add(upload);
        }

        string now = CallFactory.Iso(Now);
        var file = new JsonObject
        {
            ["object"] = "file",
            ["status"] = "done",
            ["name"] = upload.FileName,
            ["originalName"] = upload.FileName,
            ["bytes"] = upload.Bytes,
            ["mimetype"] = upload.ContentType,
            ["id"] = upload.Id,
            ["orgId"] = OrgId,
            ["createdAt"] = now,
            ["updatedAt"] = now,
        };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            file.WriteTo(writer);
        }

        context.Response.StatusCode = 201;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The "file" part, hashed as it is read; null when there is none or it has no file name.</summary>
    private async Task<UploadedFile?> ReadFilePartAsync(HttpRequest request)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        IFormFile? part = form.Files.GetFile("file");
        if (part is null || string.IsNullOrEmpty(part.FileName))
        {
            return null;
        }

        await using Stream content = part.OpenReadStream();
        byte[] hash = await SHA256.HashDataAsync(content, request.HttpContext.RequestAborted).ConfigureAwait(false);
        string id = "file-" + Convert.ToHexStringLower(hash.AsSpan(0, 6)) + "-" + Uploads.Count.ToString(CultureInfo.InvariantCulture);
        return new UploadedFile(id, part.FileName, part.ContentType, part.Length, Convert.ToHexStringLower(hash));
    }
}
