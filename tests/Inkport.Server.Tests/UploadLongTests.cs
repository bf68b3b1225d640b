using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Inkport.Core.Media;
using Inkport.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Inkport.Server.Tests;

/// <summary>Big multipart uploads and imports end to end, reporting the peak working set of this process (which
/// hosts the server). Left out of ./test.sh's default run; run them with `./test.sh --filter Category=Long`.</summary>
[Trait("Category", "Long")]
public sealed class UploadLongTests(ITestOutputHelper output)
{
    private const long MB = 1024 * 1024;

    [Fact]
    public async Task A_200_MB_file_goes_through_prepare_part_finish_and_downloads_intact()
    {
        using var host = new InkportHost();
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        var content = new GeneratedBytes(200 * MB + 4321);
        var watch = Stopwatch.StartNew();

        var token = await client.UploadInBlocksAsync("files", "big.bin", "explorer", root, content);
        var uploaded = watch.Elapsed;
        var (status, hash, length) = await client.DownloadHashAsync($"/open-apis/drive/v1/files/{token}/download");

        Assert.Equal((200, content.Length), (status, length));
        Assert.Equal(content.Hash(), hash);
        Report($"200 MB multipart drive upload: {uploaded.TotalSeconds:F1} s, download {(watch.Elapsed - uploaded).TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_200_MB_xlsx_uploaded_in_blocks_imports_into_a_sheet()
    {
        var xlsx = Path.Combine(Path.GetTempPath(), $"inkport-long-{Guid.NewGuid():N}.xlsx");
        try
        {
            var cells = WriteXlsx(xlsx, 200 * MB);
            var (blocks, uploaded, imported, result) = await UploadAndImportAsync(xlsx, "sheet", "xlsx");

            Assert.Equal(0, result["job_status"]!.GetValue<int>());
            Report($"{new FileInfo(xlsx).Length / MB} MB xlsx ({cells} cells) in {blocks} blocks: upload {uploaded.TotalSeconds:F1} s, import {imported.TotalSeconds:F1} s, extra [{string.Join(",", result["extra"]!.AsArray())}]");
        }
        finally
        {
            File.Delete(xlsx);
        }
    }

    [Fact]
    public async Task A_95_MB_csv_uploaded_in_blocks_imports_into_a_bitable()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"inkport-long-{Guid.NewGuid():N}.csv");
        try
        {
            var rows = WriteCsv(csv, 95 * MB);
            var (blocks, uploaded, imported, result) = await UploadAndImportAsync(csv, "bitable", "csv");

            Assert.Equal(0, result["job_status"]!.GetValue<int>());
            Report($"95 MB csv ({rows} rows) in {blocks} blocks: upload {uploaded.TotalSeconds:F1} s, import {imported.TotalSeconds:F1} s, extra [{string.Join(",", result["extra"]!.AsArray())}]");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>Stages a file through medias/upload_prepare, upload_part and upload_finish, imports it and waits.</summary>
    private static async Task<(int Blocks, TimeSpan Upload, TimeSpan Import, JsonNode Result)> UploadAndImportAsync(string path, string type, string extension)
    {
        using var host = new InkportHost();
        var client = await host.AppClientAsync();
        var watch = Stopwatch.StartNew();
        var uploadId = await client.PrepareOkAsync("medias", Path.GetFileName(path), "ccm_import_open", "", new FileInfo(path).Length,
            $"{{\"obj_type\":\"{type}\",\"file_extension\":\"{extension}\"}}");
        var blocks = 0;
        await using (var file = File.OpenRead(path))
        {
            var buffer = new byte[MultipartUploads.BlockSize];
            int n;
            while ((n = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
                (await client.PartAsync("medias", uploadId, blocks++, buffer.AsMemory(0, n))).AssertOk();
        }
        var finished = await client.FinishAsync("medias", uploadId, blocks);
        finished.AssertOk();
        var uploaded = watch.Elapsed;

        var created = await client.CreateImportAsync(finished.Data["file_token"]!.GetValue<string>(), extension, type);
        created.AssertOk();
        var result = await client.WaitForImportAsync(created.Data["ticket"]!.GetValue<string>(), TimeSpan.FromMinutes(20));
        return (blocks, uploaded, watch.Elapsed - uploaded, result);
    }

    /// <summary>Writes an xlsx of about <paramref name="bytes"/> bytes whose one worksheet is stored uncompressed
    /// (valid OPC, and the way to reach the size with fewer cells than the sheet limit); returns the number of cells.</summary>
    private static long WriteXlsx(string path, long bytes)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        void Part(string name, string xml)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            writer.Write(xml);
        }
        Part("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        Part("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Part("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);
        var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.NoCompression).Open();
        using var counter = new CountingStream(sheet);
        using var xml = new StreamWriter(counter, new UTF8Encoding(false), 1 << 16);
        xml.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        long cells = 0;
        var row = new StringBuilder();
        for (var r = 1; counter.Written < bytes - 4096; r++)
        {
            row.Clear().Append("<row r=\"").Append(r).Append("\">");
            for (var c = 0; c < 9; c++)
                row.Append("<c r=\"").Append((char)('A' + c)).Append(r).Append("\"><v>")
                    .Append(((r * 7919L + c * 104729L) % 1_000_000 / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("</v></c>");
            row.Append("<c r=\"J").Append(r).Append("\" t=\"inlineStr\"><is><t>order ").Append(r)
                .Append(" shipped to the north warehouse with a note long enough to look like real text</t></is></c></row>");
            xml.Write(row);
            cells += 10;
            if (r % 1024 == 0) xml.Flush();
        }
        xml.Write("</sheetData></worksheet>");
        return cells;
    }

    /// <summary>Counts the bytes written through it (a zip entry stream has no Length).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public override void Write(byte[] buffer, int offset, int count) { inner.Write(buffer, offset, count); Written += count; }
        public override void Write(ReadOnlySpan<byte> buffer) { inner.Write(buffer); Written += buffer.Length; }
        public override void Flush() => inner.Flush();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Writes a CSV of about <paramref name="bytes"/> bytes, row by row; returns the number of data rows.</summary>
    private static long WriteCsv(string path, long bytes)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("order_id,customer,region,amount,ordered_on,paid,note\n");
        string[] regions = ["north", "south", "east", "west", "central"];
        long row = 0;
        var line = new StringBuilder();
        while (writer.BaseStream.Length < bytes - 512)
        {
            line.Clear()
                .Append(100000 + row).Append(',')
                .Append("customer ").Append(row % 9973).Append(',')
                .Append(regions[row % regions.Length]).Append(',')
                .Append(((row * 37 % 100000) / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(new DateOnly(2020, 1, 1).AddDays((int)(row % 1500)).ToString("yyyy-MM-dd")).Append(',')
                .Append(row % 3 == 0 ? "true" : "false").Append(',')
                .Append("\"a note, with a comma, about order ").Append(row).Append(" and some padding text to widen the row\"\n");
            writer.Write(line);
            row++;
            if (row % 4096 == 0) writer.Flush();
        }
        return row;
    }

    private void Report(string what)
    {
        using var process = Process.GetCurrentProcess();
        output.WriteLine($"{what}; peak working set of the process hosting the server: {process.PeakWorkingSet64 / MB} MB (now {Environment.WorkingSet / MB} MB, managed heap {GC.GetTotalMemory(false) / MB} MB)");
    }
}
