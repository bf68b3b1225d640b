using System.Diagnostics;

namespace Inkport.Conformance.Tests;

/// <summary>Runs tests/Conformance/node/flow.mjs with Node.</summary>
internal static class NodeFlow
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IReadOnlyList<string> args, string? inkportUrl, TimeSpan limit)
    {
        RequireInstalled();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("INKPORT_NODE") ?? "node")
        {
            WorkingDirectory = RepoPaths.NodeFlows,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("flow.mjs");
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        if (inkportUrl is not null)
            start.Environment["INKPORT_URL"] = inkportUrl;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run node ({e.Message}). Node.js 18+ must be on PATH; run ./test.sh, which installs it.", e);
        }

        using (process)
        {
            var output = new ProcessOutput();
            output.Attach(process);
            using var cts = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return new Result(-1, output.Text + $"\n[killed: node flow.mjs ran longer than {limit.TotalSeconds} s]");
            }
            process.WaitForExit(); // drains the redirected streams
            return new Result(process.ExitCode, output.Text);
        }
    }

    /// <summary>The SDK must have been installed by ./test.sh (npm ci); never skip silently.</summary>
    private static void RequireInstalled()
    {
        var sdk = Path.Combine(RepoPaths.NodeFlows, "node_modules", "@larksuiteoapi", "node-sdk", "package.json");
        if (!File.Exists(sdk))
        {
            throw new InvalidOperationException(
                $"The Feishu Node SDK is not installed ({sdk} is missing). Run ./test.sh from the repository root: " +
                "it runs `npm ci` in tests/Conformance/node before the tests.");
        }
    }
}
