using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Inkport.Console.Tests;

/// <summary>The console in a real browser against a real Inkport: sign in, upload and import through the page,
/// open the result's url, and check what the viewers draw.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(Browser browser)
{
    private static async Task SignInAsAppAsync(IPage page, string appId = ConsoleHost.OtherAppId, string secret = ConsoleHost.OtherAppSecret)
    {
        await page.GetByLabel("App ID", new() { Exact = true }).FillAsync(appId);
        await page.GetByLabel("App Secret").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Drops a file on the drive's picker, picks the target type, starts, waits, and opens the result.</summary>
    private static async Task ImportThroughConsoleAsync(IPage page, string fileName, byte[] bytes, string type)
    {
        await page.Locator("#file-picker").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/octet-stream", Buffer = bytes });
        var choice = page.GetByLabel($"Import {fileName} as");
        await choice.SelectOptionAsync(type);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        var row = page.Locator(".tasks tbody tr").Filter(new() { HasText = fileName }).First;
        await Expect(row).ToHaveAttributeAsync("data-phase", "done", new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("upload");
        await row.GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
    }

    [Fact]
    public async Task A_document_url_opened_signed_out_leads_to_sign_in_and_back()
    {
        var http = await browser.Host.AppClientAsync();
        var markdown = Encoding.UTF8.GetBytes("# Signed out\n\nBody text.\n");
        var url = await browser.Host.ImportAsync(http, "signed-out.md", new MemoryStream(markdown), markdown.Length, "docx", "md");
        var path = new Uri(url).AbsolutePath;

        var page = await browser.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex($"/signin\\?return={Regex.Escape(Uri.EscapeDataString(path))}$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as the development app" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(path)}$"));
        await Expect(page.Locator("article.doc h1")).ToHaveTextAsync("Signed out");

        // The session is an HttpOnly, SameSite=Strict cookie; API calls without the console's header do not use it.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "inkport_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var withoutHeader = await page.EvaluateAsync<int>("fetch('/open-apis/drive/explorer/v2/root_folder/meta').then(r => r.json()).then(b => b.code)");
        Assert.Equal(99991661, withoutHeader);
        var withHeader = await page.EvaluateAsync<int>("fetch('/open-apis/drive/explorer/v2/root_folder/meta', {headers: {'X-Inkport-Console': '1'}}).then(r => r.json()).then(b => b.code)");
        Assert.Equal(0, withHeader);

        // Signing out ends the session: the same url asks to sign in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?return="));
        await Browser.ScreenshotAsync(page, "signin");
    }

    [Fact]
    public async Task At_200_percent_zoom_nothing_needs_sideways_scrolling()
    {
        var page = await browser.NewPageAsync(zoom: 2);
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as the development app" }).ClickAsync();
        await Expect(page.Locator(".listing h1")).ToContainTextAsync("My space");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        // Keyboard: the first Tab reaches the skip link, and it leads to the content.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await Browser.ScreenshotAsync(page, "drive-zoom-200");
    }

    [Fact]
    public async Task Wrong_app_secret_is_refused_on_the_sign_in_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsAppAsync(page, ConsoleHost.OtherAppId, "not-the-secret");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sign-in failed");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "inkport_console");
    }

    [Fact]
    public async Task A_user_signs_in_through_the_OAuth_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to the OAuth page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/open-apis/authen/v1/authorize\\?"));
        await page.GetByLabel("Password").FillAsync("inkport");
        await page.GetByRole(AriaRole.Button, new() { Name = "Authorize" }).ClickAsync();
        await Expect(page.Locator(".who")).ToContainTextAsync("Inkport Developer (user");
        await Expect(page.Locator(".listing h1")).ToContainTextAsync("My space");
    }

    [Fact]
    public async Task Folders_are_created_browsed_and_deleted()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as the development app" }).ClickAsync();
        var name = $"Folder {Guid.NewGuid():N}"[..15];
        await page.GetByLabel("New folder name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create folder" }).ClickAsync();
        var link = page.Locator("table.files").GetByRole(AriaRole.Link, new() { Name = name });
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/drive/folder/[A-Za-z0-9]{27}$"));
        await Expect(page.Locator(".breadcrumbs")).ToContainTextAsync($"My space");
        await Expect(page.Locator(".breadcrumbs [aria-current=page]")).ToHaveTextAsync(name);
        await Expect(page.Locator(".listing-status")).ToHaveTextAsync("This folder is empty.");
        await Browser.ScreenshotAsync(page, "drive-folder");

        await page.Locator(".breadcrumbs").GetByRole(AriaRole.Link, new() { Name = "My space" }).ClickAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" }).ClickAsync();
        await Expect(page.Locator("table.files").GetByRole(AriaRole.Link, new() { Name = name })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_markdown_file_uploaded_in_the_console_opens_as_a_faithful_docx()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsAppAsync(page);
        await Expect(page.Locator(".who")).ToContainTextAsync(ConsoleHost.OtherAppId);
        await ImportThroughConsoleAsync(page, "report.md", Encoding.UTF8.GetBytes(TestFiles.Markdown()), "docx");

        await Expect(page).ToHaveURLAsync(new Regex("/docx/[A-Za-z0-9]{27}$"));
        var doc = page.Locator("article.doc");
        await Expect(page.Locator(".doc-title")).ToHaveTextAsync("report");
        // Headings, and the outline built from them.
        await Expect(doc.Locator("h1.heading")).ToHaveTextAsync("Quarterly report");
        await Expect(doc.Locator("h2.heading")).ToHaveTextAsync(["Lists", "Code", "Table", "Image"]);
        await Expect(page.Locator("nav.outline a")).ToHaveTextAsync(["Quarterly report", "Lists", "Code", "Table", "Image"]);
        // Inline styles and links.
        await Expect(doc.Locator("strong").First).ToHaveTextAsync("bold");
        await Expect(doc.Locator("a[href='https://example.com/docs']")).ToHaveTextAsync("link");
        // The nested list: bullets inside bullets, an ordered list inside those, numbered.
        await Expect(doc.Locator("ul > li ul > li").Filter(new() { HasText = "Apple" })).ToHaveCountAsync(1);
        var nestedOrdered = doc.Locator("ul ul ol > li");
        await Expect(nestedOrdered).ToHaveTextAsync(["Ripe", "Green"]);
        var numbers = await nestedOrdered.EvaluateAllAsync<int[]>("items => items.map(li => li.value)");
        Assert.Equal(new[] { 1, 2 }, numbers);
        await Expect(doc.Locator("ol[data-kind=ordered] > li").Filter(new() { HasText = "Second step" })).ToHaveCountAsync(1);
        // Todos and the quote.
        await Expect(doc.Locator("li.todo.done input[type=checkbox]")).ToBeCheckedAsync();
        await Expect(doc.Locator("li.todo.open input[type=checkbox]")).Not.ToBeCheckedAsync();
        await Expect(doc.Locator("blockquote")).ToContainTextAsync("A quoted remark");
        // Code: its language and highlighted tokens.
        var code = doc.Locator("figure.code");
        await Expect(code).ToHaveAttributeAsync("data-language", "Python");
        await Expect(code.Locator("figcaption .language")).ToHaveTextAsync("Python");
        await Expect(code.Locator(".tok-keyword").First).ToHaveTextAsync("def");
        await Expect(code.Locator(".tok-comment")).ToHaveTextAsync("# say hello");
        await Expect(code.Locator(".tok-string").First).ToHaveTextAsync("\"Hello \"");
        // The table, cell by cell.
        var table = doc.Locator("table.doc-table");
        await Expect(table.Locator("tr")).ToHaveCountAsync(3);
        await Expect(table.Locator("tr").Nth(1).Locator("td, th")).ToHaveTextAsync(["Ann", "10"]);
        await Expect(table.Locator("col")).ToHaveCountAsync(2);
        // The image: fetched through medias/download and decoded by the browser.
        var image = doc.Locator("figure.image img");
        await image.ScrollIntoViewIfNeededAsync();
        await Expect(image).ToHaveAttributeAsync("src", new Regex("^blob:"));
        await page.WaitForFunctionAsync("() => document.querySelector('figure.image img').naturalWidth === 96");
        await page.Locator(".doc-title").ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, "docx-light");

        // The dark theme, and the raw JSON of the blocks.
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await code.ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, "docx-dark");
        await page.GetByRole(AriaRole.Button, new() { Name = "Raw JSON" }).ClickAsync();
        await Expect(page.Locator("dialog pre.json")).ToContainTextAsync("\"block_type\": 14");
        Assert.Empty(browser.ScriptErrors(page));
    }

    [Fact]
    public async Task An_xlsx_opens_as_a_sheet_with_formats_merges_frozen_rows_and_formulas()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsAppAsync(page);
        await ImportThroughConsoleAsync(page, "sales.xlsx", TestFiles.Xlsx(), "sheet");

        await Expect(page).ToHaveURLAsync(new Regex("/sheets/[A-Za-z0-9]{27}$"));
        await Expect(page.GetByRole(AriaRole.Tab)).ToHaveTextAsync(["Sales", "Notes"]);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Sales" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator(".sheet-facts")).ToContainTextAsync("1 frozen row(s)");
        var grid = page.Locator(".grid-scroller");
        Task<string> Cell(int row, int col) => grid.Locator($".cell[data-row='{row}'][data-col='{col}']").InnerTextAsync();
        await Expect(grid.Locator(".cell[data-row='1'][data-col='0']")).ToHaveTextAsync("North");
        // Formats as Feishu shows them: the date, the grouped number, the percentage, the formula's value.
        Assert.Equal("2023-03-15", await Cell(1, 1));
        Assert.Equal("1,234.50", await Cell(1, 2));
        Assert.Equal("25.00%", await Cell(1, 3));
        Assert.Equal("2,469.00", await Cell(1, 4));
        // The inspector shows the formula of the selected cell.
        await grid.Locator(".cell[data-row='1'][data-col='4']").ClickAsync();
        await Expect(page.Locator(".inspector")).ToContainTextAsync("Cell E2");
        await Expect(page.Locator(".inspector code").First).ToHaveTextAsync("=C2*2");
        await Browser.ScreenshotAsync(page, "sheet-top");

        // Scroll down to the merged range: it spans three columns, and the frozen header row stays on top.
        await grid.EvaluateAsync("g => g.scrollTop = 600");
        var merged = grid.Locator(".cell.merged");
        await Expect(merged).ToHaveTextAsync("Merged note");
        Assert.Equal(3 * 110, await merged.EvaluateAsync<int>("m => m.offsetWidth"));
        await Expect(grid.Locator(".cell[data-row='0'][data-col='0']")).ToHaveTextAsync("Region");
        var headerTop = await grid.Locator(".cell[data-row='0'][data-col='0']").EvaluateAsync<int>("c => c.offsetTop");
        Assert.Equal(24, headerTop);
        // Keyboard: arrows move the selection.
        await grid.FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(page.Locator(".inspector h2")).ToHaveTextAsync("Cell E1");
        await Browser.ScreenshotAsync(page, "sheet-scrolled");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Notes" }).ClickAsync();
        await Expect(grid.Locator(".cell[data-row='0'][data-col='0']")).ToHaveTextAsync("Second sheet");
        Assert.Empty(browser.ScriptErrors(page));
    }

    [Fact]
    public async Task A_csv_imported_as_bitable_shows_field_types_and_select_tags()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await SignInAsAppAsync(page);
        await ImportThroughConsoleAsync(page, "tracker.csv", Encoding.UTF8.GetBytes(TestFiles.Csv()), "bitable");

        await Expect(page).ToHaveURLAsync(new Regex("/base/[A-Za-z0-9]{27}$"));
        await Expect(page.GetByRole(AriaRole.Tab)).ToHaveCountAsync(1);
        var headers = page.Locator("table.records thead th .field-icon");
        await Expect(headers).ToHaveCountAsync(7);
        Assert.Equal(["Text", "Number", "Single select", "Checkbox", "Date", "URL", "Multi select"],
            await headers.EvaluateAllAsync<string[]>("icons => icons.map(i => i.getAttribute('aria-label'))"));
        var rows = page.Locator("table.records tbody tr");
        await Expect(rows).ToHaveCountAsync(5);
        var first = rows.First;
        await Expect(first.Locator("th")).ToHaveTextAsync("Alpha");
        await Expect(first.Locator("td[data-type='2']")).ToHaveTextAsync("12.0");
        await Expect(first.Locator("td[data-type='3'] .tag")).ToHaveTextAsync("Open");
        await Expect(first.Locator("td[data-type='4'] .tag")).ToHaveTextAsync(["red", "blue"]);
        await Expect(first.Locator("td[data-type='7'] input")).ToBeCheckedAsync();
        await Expect(rows.Nth(1).Locator("td[data-type='7'] input")).Not.ToBeCheckedAsync();
        await Expect(first.Locator("td[data-type='5']")).ToHaveTextAsync("2024/01/05");
        await Expect(first.Locator("td[data-type='15'] a")).ToHaveAttributeAsync("href", "https://example.com/a");
        // Tags of different options have different colours; the same option keeps its colour.
        var colors = await page.Locator("td[data-type='3'] .tag").EvaluateAllAsync<string[]>("tags => tags.map(t => t.textContent + '=' + getComputedStyle(t).backgroundColor)");
        Assert.Equal(2, colors.Distinct().Count());
        await Expect(page.Locator(".page-info")).ToHaveTextAsync("Records 1–5 of 5");
        await Browser.ScreenshotAsync(page, "bitable");
        Assert.Empty(browser.ScriptErrors(page));
    }
}
