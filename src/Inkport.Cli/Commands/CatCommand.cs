using System.CommandLine;
using System.Text.Json;
using Inkport.Cli.Rendering;
using Inkport.Client;
using Inkport.Contracts;

namespace Inkport.Cli.Commands;

/// <summary>`inkport cat TOKEN`: a docx as Markdown, a sheet or a bitable table as CSV, on standard output.</summary>
public static class CatCommand
{
    /// <summary>Rows read from a sheet per values request (the v2 read answers at most 10 MB).</summary>
    private const int RowsPerRead = 1000;

    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var token = new Argument<string>("token") { Description = "The document's token (docx document_id, spreadsheet token or bitable app_token)" };
        var type = new Option<string?>("--type") { Description = "docx, sheet or bitable (default: asked from the drive)" };
        type.AcceptOnlyFromAmong("docx", "sheet", "bitable");
        var sheet = new Option<string?>("--sheet") { Description = "Sheet id or title (default: the first sheet)" };
        var table = new Option<string?>("--table") { Description = "Table id or name (default: the first table)" };
        var command = new Command("cat", "Print a document: docx as Markdown, sheet or bitable as CSV") { token, type, sheet, table };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = Output.Client(global, parse, env);
            var documentToken = parse.GetValue(token)!;
            var kind = parse.GetValue(type) ?? await DetectTypeAsync(client, documentToken, cancellationToken);
            var json = parse.GetValue(global.Json);
            switch (kind)
            {
                case "docx":
                    var blocks = new List<BlockWire>();
                    await foreach (var block in client.Docx.ListBlocksAsync(documentToken, cancellationToken)) blocks.Add(block);
                    var markdown = MarkdownRenderer.Render(blocks);
                    if (json) await Output.JsonAsync(env, new { type = kind, token = documentToken, markdown });
                    else await env.Out.WriteAsync(markdown);
                    break;
                case "sheet":
                    await WriteRowsAsync(env, json, kind, documentToken, SheetRowsAsync(client, documentToken, parse.GetValue(sheet), cancellationToken));
                    break;
                default:
                    await WriteRowsAsync(env, json, kind, documentToken, BitableRowsAsync(client, documentToken, parse.GetValue(table), cancellationToken));
                    break;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteRowsAsync(CliEnvironment env, bool json, string kind, string token, IAsyncEnumerable<IReadOnlyList<string>> rows)
    {
        if (json)
        {
            var all = new List<IReadOnlyList<string>>();
            await foreach (var row in rows) all.Add(row);
            await Output.JsonAsync(env, new { type = kind, token, rows = all });
            return;
        }
        await foreach (var row in rows) await env.Out.WriteLineAsync(Csv.Row(row));
    }

    /// <summary>Asks metas/batch_query about the token as each of the three types; the one that answers is the type.</summary>
    private static async Task<string> DetectTypeAsync(InkportClient client, string token, CancellationToken cancellationToken)
    {
        var metas = await client.Drive.Files.BatchQueryMetasAsync([(token, "docx"), (token, "sheet"), (token, "bitable")], withUrl: false, cancellationToken);
        return metas.Metas?.FirstOrDefault()?.DocType
               ?? throw new CliException(ExitCodes.ApiError, $"no docx, sheet or bitable {token} is visible to this app (pass --type to skip the lookup)");
    }

    private static async IAsyncEnumerable<IReadOnlyList<string>> SheetRowsAsync(InkportClient client, string token, string? wanted,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sheets = await client.Sheets.QuerySheetsAsync(token, cancellationToken);
        var sheet = (wanted is null ? sheets.OrderBy(s => s.Index).FirstOrDefault() : sheets.FirstOrDefault(s => s.SheetId == wanted || s.Title == wanted))
                    ?? throw new CliException(ExitCodes.Usage, wanted is null ? $"spreadsheet {token} has no sheet" : $"spreadsheet {token} has no sheet {wanted}");
        var rows = sheet.GridProperties.RowCount;
        var columns = sheet.GridProperties.ColumnCount;
        if (rows <= 0 || columns <= 0) yield break;
        var lastColumn = CellText.Column(columns);
        var pendingEmpty = 0;
        for (var first = 1; first <= rows; first += RowsPerRead)
        {
            var last = Math.Min(rows, first + RowsPerRead - 1);
            var range = await client.Sheets.GetValuesAsync(token, $"{sheet.SheetId}!A{first}:{lastColumn}{last}", cancellationToken: cancellationToken);
            foreach (var values in range.Values ?? [])
            {
                var row = Enumerable.Range(0, columns).Select(c => c < values.Count ? CellText.Of(values[c]) : "").ToList();
                // Empty rows are written only when a later row has content: no trailing blank lines.
                if (row.All(v => v.Length == 0))
                {
                    pendingEmpty++;
                    continue;
                }
                for (; pendingEmpty > 0; pendingEmpty--) yield return Enumerable.Repeat("", columns).ToList();
                yield return row;
            }
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<string>> BitableRowsAsync(InkportClient client, string appToken, string? wanted,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableWire? table = null;
        await foreach (var candidate in client.Bitable.ListTablesAsync(appToken, cancellationToken))
        {
            if (wanted is null || candidate.TableId == wanted || candidate.Name == wanted)
            {
                table = candidate;
                break;
            }
        }
        if (table is null) throw new CliException(ExitCodes.Usage, wanted is null ? $"base {appToken} has no table" : $"base {appToken} has no table {wanted}");
        var fields = new List<FieldWire>();
        await foreach (var field in client.Bitable.ListFieldsAsync(appToken, table.TableId, cancellationToken)) fields.Add(field);
        yield return fields.Select(f => f.FieldName).ToList();
        await foreach (var record in client.Bitable.ListRecordsAsync(appToken, table.TableId, cancellationToken))
        {
            yield return fields.Select(f => record.Fields is not null && record.Fields.TryGetValue(f.FieldName, out var value) ? Value(f, value) : "").ToList();
        }
    }

    /// <summary>Date fields (type 5) carry milliseconds; every other value renders by its shape.</summary>
    private static string Value(FieldWire field, object value) =>
        field.Type == 5 && value is JsonElement element ? CellText.Date(element) : CellText.Of(value);
}
