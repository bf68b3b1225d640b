using Xunit.Abstractions;

namespace Inkport.Conformance.Tests;

/// <summary>Each case of flow.mjs, run by the official Feishu Node SDK against a live server.</summary>
[Collection(InkportServerCollection.Name)]
public sealed class NodeSdkFlowTests(InkportServer server, ITestOutputHelper log)
{
    private static readonly TimeSpan CaseLimit = TimeSpan.FromMinutes(3);

    /// <summary>Every case in flow.mjs; <see cref="CaseListTests"/> keeps this list in step with it.</summary>
    public static readonly string[] Cases =
    [
        "md-docx",
        "mark-docx",
        "markdown-docx",
        "txt-docx",
        "csv-sheet",
        "csv-bitable",
        "auth-wrong-secret",
        "import-extension-mismatch",
        "import-unknown-ticket",
    ];

    public static TheoryData<string> CaseNames => new(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Node_sdk_flow(string caseName)
    {
        var result = await NodeFlow.RunAsync([caseName], server.BaseUrl, CaseLimit);
        log.WriteLine(result.Output);
        Assert.True(
            result.ExitCode == 0,
            $"node flow.mjs {caseName} exited with {result.ExitCode} against {server.BaseUrl}.\n" +
            $"--- node output ---\n{result.Output}\n--- server output (tail) ---\n{server.LogTail()}");
    }
}

/// <summary>Checks that the C# case list names every case flow.mjs has, and no other.</summary>
public sealed class CaseListTests
{
    [Fact]
    public async Task Case_list_matches_flow_mjs()
    {
        var result = await NodeFlow.RunAsync(["--list"], inkportUrl: null, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"node flow.mjs --list exited with {result.ExitCode}:\n{result.Output}");
        var listed = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(listed, NodeSdkFlowTests.Cases);
    }
}
