using System.Text.Json.Nodes;
using Inkport.Cli.Tests.Infrastructure;
using Inkport.Client;
using Inkport.Client.Tests.Infrastructure;

namespace Inkport.Cli.Tests;

/// <summary>status, ls, cat, settings and exit codes.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly ServerHost _host = new();
    private readonly CliRunner _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        _host.Dispose();
    }

    private string Server => _host.BaseUrl.ToString();

    private async Task<ImportResult> ImportAsync(string name, string content, ImportType type)
    {
        using var client = new InkportClient(_host.Options());
        return await client.ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), name, type);
    }

    [Fact]
    public async Task Cat_prints_a_docx_as_markdown_and_sheets_and_bitables_as_csv()
    {
        var doc = await ImportAsync("d.md", "# Title\n\nA **bold** [link](https://example.com).\n\n1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n", ImportType.Docx);
        var markdown = await _cli.RunAsync("cat", doc.Token, "--server", Server);
        Assert.Equal(0, markdown.Exit);
        Assert.Equal("# Title\n\nA **bold** [link](https://example.com).\n\n1. one\n2. two\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```python\nprint(1)\n```\n",
            markdown.Out);

        const string csv = "name,note\nAda,\"a, b\"\nBob,\"say \"\"hi\"\"\"\n";
        var sheet = await ImportAsync("s.csv", csv, ImportType.Sheet);
        var sheetOut = await _cli.RunAsync("cat", sheet.Token, "--server", Server);
        Assert.Equal(csv.Replace("\n", Environment.NewLine), sheetOut.Out);

        var table = await ImportAsync("t.csv", csv, ImportType.Bitable);
        var tableOut = await _cli.RunAsync("cat", table.Token, "--server", Server, "--type", "bitable");
        Assert.Equal(csv.Replace("\n", Environment.NewLine), tableOut.Out);
    }

    [Fact]
    public async Task Status_exit_codes_say_done_failed_or_unknown()
    {
        using var client = new InkportClient(_host.Options());
        var done = await ImportAsync("ok.md", "# ok", ImportType.Docx);
        var status = await _cli.RunAsync("status", done.Ticket, "--server", Server, "--json");
        Assert.Equal(ExitCodes.Ok, status.Exit);
        Assert.Equal("done", JsonNode.Parse(status.Out)!["state"]!.GetValue<string>());

        var broken = await client.Drive.Medias.UploadForImportAsync(new MemoryStream("not a zip"u8.ToArray()), "x.xlsx", ImportType.Sheet);
        var ticket = await client.Drive.ImportTasks.CreateAsync(broken, "xlsx", ImportType.Sheet);
        await Assert.ThrowsAsync<ImportFailedException>(() => client.Drive.ImportTasks.WaitForImportAsync(ticket));
        var failed = await _cli.RunAsync("status", ticket, "--server", Server);
        Assert.Equal(ExitCodes.ImportFailed, failed.Exit);
        Assert.Contains("129", failed.Out);

        var unknown = await _cli.RunAsync("status", "1234567890123456789", "--server", Server);
        Assert.Equal(ExitCodes.ApiError, unknown.Exit);
        Assert.Contains("code", unknown.Error);
    }

    [Fact]
    public async Task Ls_lists_the_root_and_a_folder()
    {
        using var client = new InkportClient(_host.Options());
        var folder = await client.Drive.Files.CreateFolderAsync("reports");
        await client.ImportAsync(new MemoryStream("x"u8.ToArray()), "inside.txt", ImportType.Docx, folder.Token);

        var root = await _cli.RunAsync("ls", "--server", Server);
        Assert.Contains("reports", root.Out);
        var inside = await _cli.RunAsync("ls", folder.Token, "--server", Server, "--json");
        Assert.Equal("inside", JsonNode.Parse(inside.Out)!.AsArray().Single()!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credentials_come_from_flags_then_environment_then_config_file()
    {
        Directory.CreateDirectory(_cli.ConfigDirectory);
        await File.WriteAllTextAsync(Path.Combine(_cli.ConfigDirectory, "config.json"),
            $$"""{"server":"{{Server}}","app_id":"cli_inkportdevapp","app_secret":"wrong-in-file"}""");
        var fromFile = await _cli.RunAsync("ls");
        Assert.Equal(ExitCodes.AuthFailed, fromFile.Exit); // the file's secret is wrong

        _cli.Variables["INKPORT_APP_SECRET"] = "inkport-development-secret";
        Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync("ls")).Exit); // the environment wins over the file

        Assert.Equal(ExitCodes.AuthFailed, (await _cli.RunAsync("ls", "--app-secret", "wrong-flag")).Exit); // the flag wins over both
    }

    [Fact]
    public async Task Exit_codes_for_usage_errors_and_missing_credentials()
    {
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("import")).Exit);
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("import", "/no/such/path", "--server", Server)).Exit);
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("ls", "--server", "ftp://x")).Exit);
        var feishu = await _cli.RunAsync("ls", "--server", "feishu");
        Assert.Equal(ExitCodes.AuthFailed, feishu.Exit);
        Assert.Contains("INKPORT_APP_ID", feishu.Error);
        Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync("--help")).Exit);
    }
}
