using System.Net;
using System.Text;
using Inkport.Conversion.Model;
using Inkport.Core.Documents;
using Inkport.Core.Drive;

namespace Inkport.Server.Viewer;

/// <summary>The browser URLs an import returns (/docx/, /sheets/, /base/): for now a plain server-rendered
/// page of the document. The 27-character random token is the capability (docs/DEVIATIONS.md).</summary>
public static class ViewerPages
{
    private const int MaxRows = 200;

    public static void MapViewerPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/docx/{token}", Docx);
        app.MapGet("/sheets/{token}", Sheet);
        app.MapGet("/base/{token}", Base);
    }

    private static async Task<IResult> Docx(string token, DriveService drive, DocxDocuments docs, CancellationToken ct)
    {
        if (await drive.GetAsync(token, ct) is not { Type: NodeType.Docx } node) return Results.NotFound();
        var html = new StringBuilder();
        for (string? page = null; ;)
        {
            var blocks = await docs.ListBlocksAsync(token, page, DocxDocuments.MaxPageSize, ct);
            foreach (var stored in blocks.Items.Skip(page is null ? 1 : 0)) html.Append(RenderBlock(stored.Block));
            if (!blocks.HasMore) break;
            page = blocks.NextPageToken;
        }
        return Page(node.Name, html.ToString());
    }

    private static string RenderBlock(Block block)
    {
        var text = string.Concat((block.Elements ?? []).Select(RenderElement));
        return block.Type switch
        {
            >= BlockType.Heading1 and <= BlockType.Heading9 => $"<h{Math.Min(6, block.Type - BlockType.Heading1 + 1)}>{text}</h{Math.Min(6, block.Type - BlockType.Heading1 + 1)}>",
            BlockType.Bullet => $"<ul><li>{text}</li></ul>",
            BlockType.Ordered => $"<ol><li>{text}</li></ol>",
            BlockType.Todo => $"<p>{(block.Style?.Done == true ? "☑" : "☐")} {text}</p>",
            BlockType.Code => $"<pre><code>{text}</code></pre>",
            BlockType.Divider => "<hr>",
            BlockType.Table => "<p><em>table</em></p>",
            BlockType.Image => "<p><em>image</em></p>",
            _ when block.Elements is not null => $"<p>{text}</p>",
            _ => "",
        };
    }

    private static string RenderElement(TextElement element)
    {
        var text = WebUtility.HtmlEncode(element.Content).Replace("\n", "<br>");
        var style = element.Style ?? TextElementStyle.Plain;
        if (element.Kind == TextElementKind.Equation) text = $"<code>{text}</code>";
        if (style.Bold) text = $"<strong>{text}</strong>";
        if (style.Italic) text = $"<em>{text}</em>";
        if (style.Strikethrough) text = $"<del>{text}</del>";
        if (style.InlineCode) text = $"<code>{text}</code>";
        if (style.Link is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto")
            text = $"<a href=\"{WebUtility.HtmlEncode(link)}\" rel=\"noopener noreferrer\">{text}</a>";
        return text;
    }

    private static async Task<IResult> Sheet(string token, DriveService drive, SheetDocuments sheets, CancellationToken ct)
    {
        if (await drive.GetAsync(token, ct) is not { Type: NodeType.Sheet } node) return Results.NotFound();
        var html = new StringBuilder();
        foreach (var sheet in await sheets.GetSheetsAsync(token, ct))
        {
            html.Append($"<h2>{WebUtility.HtmlEncode(sheet.Title)}</h2><table>");
            foreach (var row in await sheets.ReadRowsAsync(token, sheet.SheetId, 0, MaxRows - 1, ct))
            {
                html.Append("<tr>");
                var cells = row.Cells.ToDictionary(c => c.Column);
                for (var c = 0; c < Math.Min(sheet.Layout.ColumnCount, 100); c++)
                    html.Append("<td>").Append(cells.TryGetValue(c, out var cell) ? WebUtility.HtmlEncode(cell.Text ?? cell.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)) : "").Append("</td>");
                html.Append("</tr>");
            }
            html.Append("</table>");
        }
        return Page(node.Name, html.ToString());
    }

    private static async Task<IResult> Base(string token, DriveService drive, BitableDocuments bases, CancellationToken ct)
    {
        if (await drive.GetAsync(token, ct) is not { Type: NodeType.Bitable } node) return Results.NotFound();
        var html = new StringBuilder();
        foreach (var table in await bases.GetTablesAsync(token, ct))
        {
            html.Append($"<h2>{WebUtility.HtmlEncode(table.Name)}</h2><table><tr>");
            foreach (var field in table.Fields) html.Append($"<th>{WebUtility.HtmlEncode(field.Field.Name)}</th>");
            html.Append("</tr>");
            foreach (var record in await bases.ReadRecordsAsync(token, table, 0, MaxRows, ct))
            {
                html.Append("<tr>");
                foreach (var field in table.Fields)
                    html.Append("<td>").Append(record.Fields.TryGetValue(field.Field.Name, out var value)
                        ? WebUtility.HtmlEncode(System.Text.Json.JsonSerializer.Serialize(value)) : "").Append("</td>");
                html.Append("</tr>");
            }
            html.Append("</table>");
        }
        return Page(node.Name, html.ToString());
    }

    private static IResult Page(string title, string body) => Results.Content(
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>" +
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>" +
        $"</head><body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>", "text/html; charset=utf-8");
}
