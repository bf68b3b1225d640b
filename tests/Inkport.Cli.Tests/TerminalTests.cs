using System.Diagnostics;
using Inkport.Cli.Tests.Infrastructure;
using Inkport.Client.Tests.Infrastructure;

namespace Inkport.Cli.Tests;

/// <summary>The built `inkport` under a pseudo-terminal (util-linux `script`): the live progress renders,
/// and the run ends with the cursor shown again and the summary printed.</summary>
public sealed class TerminalTests
{
    [Fact]
    public async Task The_progress_display_renders_on_a_terminal_and_ends_cleanly()
    {
        Assert.True(File.Exists("/usr/bin/script"), "util-linux `script` is needed for the pseudo-terminal test");
        Assert.True(File.Exists(RepoPaths.CliDll), $"{RepoPaths.CliDll} is not built");
        using var host = new ServerHost();
        using var cli = new CliRunner();
        var source = Path.Combine(cli.Home, "docs");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        for (var i = 0; i < 6; i++) await File.WriteAllTextAsync(Path.Combine(source, i % 2 == 0 ? "" : "sub", $"n{i}.md"), $"# {i}\n");

        var command = string.Join(' ', new[] { Dotnet(), RepoPaths.CliDll, "import", source, "--recursive", "--server", host.BaseUrl.ToString(),
            "--state", Path.Combine(cli.Home, "state.json") }.Select(Quote));
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-q", "-e", "-c", command, "/dev/null" }) start.ArgumentList.Add(arg);
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "120";
        start.Environment["LINES"] = "40";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        var text = await output;

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{text}\n{await process.StandardError.ReadToEndAsync()}");
        Assert.Contains("\u001b[?25l", text); // the live display hid the cursor...
        Assert.True(text.LastIndexOf("\u001b[?25h", StringComparison.Ordinal) > text.LastIndexOf("\u001b[?25l", StringComparison.Ordinal),
            "the cursor is not shown again at the end"); // ...and showed it again
        Assert.Contains("overall", text);
        Assert.Contains("6 files: 6 imported", text);
        Assert.DoesNotContain("Exception", text);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";

    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}
