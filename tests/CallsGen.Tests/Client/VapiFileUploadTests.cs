using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Client;

/// <summary>
/// Vapi's file upload (<c>POST /file</c>, multipart/form-data), generated from the Vapi document itself and called
/// against the simulator: the file arrives whole with its name and media type, and the answer decodes as the document's
/// File.
/// </summary>
public sealed class VapiFileUploadTests
{
    private const string SkipReason = "The Vapi reference document is not present (expected at ../shared/reference/vapi-openapi.json beside the checkout, or set CALLSGEN_REFERENCE_SPEC).";

    [SkippableFact]
    public async Task The_file_upload_is_generated_and_uploads_to_the_simulator()
    {
        Skip.If(Repo.ReferenceSpec is null, SkipReason);
        var run = GeneratorHarness.Run(SpecFile.Create(
            "vapi-openapi.json", File.ReadAllText(Repo.ReferenceSpec!), "VapiFiles", "VapiClient", operations: "FileController_create"));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CG0004" or "CG9999");
        using GeneratedAssembly generated = GeneratedAssembly.Load(Specs.Emit(run.Output));
        await using VapiSimulator simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 1 });

        Type clientType = generated.Type("VapiFiles.VapiClient");
        using var client = (IDisposable)Activator.CreateInstance(clientType, new ApiClientOptions { BaseAddress = simulator.BaseAddress, ApiKey = simulator.ApiKey, MaxRetries = 0 })!;
        MethodInfo upload = clientType.GetMethods().Single(m => m.Name.StartsWith("Upload", StringComparison.Ordinal) && m.Name.EndsWith("Async", StringComparison.Ordinal));
        Type bodyType = upload.GetParameters()[0].ParameterType;
        byte[] bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Knowledge base line.\n", 5000)));
        using var content = new MemoryStream(bytes);
        object body = Activator.CreateInstance(bodyType)!;
        bodyType.GetProperty("File")!.SetValue(body, new ApiFile(content, "kb notes.txt", "text/plain"));

        var task = (Task)upload.Invoke(client, [body, CancellationToken.None])!;
        await task;
        object file = task.GetType().GetProperty("Result")!.GetValue(task)!;

        UploadedFile received = Assert.Single(simulator.Uploads);
        Assert.Equal("kb notes.txt", received.FileName);
        Assert.Equal("text/plain", received.ContentType);
        Assert.Equal(bytes.Length, received.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), received.Sha256);
        Assert.Equal(received.Id, file.GetType().GetProperty("Id")!.GetValue(file));
        Assert.Equal("kb notes.txt", file.GetType().GetProperty("Name")!.GetValue(file));
        Assert.Equal((double)bytes.Length, file.GetType().GetProperty("Bytes")!.GetValue(file));
        Assert.Equal("Bearer " + simulator.ApiKey, simulator.Requests.Single(r => r.Path == "/file").Authorization);
    }
}
