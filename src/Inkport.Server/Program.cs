using Inkport.Server.Apis.Auth;
using Inkport.Server.Apis.Bitable;
using Inkport.Server.Apis.Docx;
using Inkport.Server.Apis.Drive;
using Inkport.Server.Apis.Sheets;
using Inkport.Server.Hosting;
using Inkport.Server.Viewer;
using Inkport.Server.Wire;

var builder = WebApplication.CreateBuilder(CommandLine.Normalize(args));
var options = builder.AddInkportOptions();
builder.AddInkportStorage(options);
builder.AddInkportDomain(options);
builder.AddBackgroundWork(options);

var app = builder.Build();
app.UseLogIds();
app.UseFeishuErrors();

app.MapGet("/healthz", () => Results.Text("ok"));
if (options.Role.ServesApi())
{
    app.MapAuthApi();
    var api = app.MapGroup("/open-apis").AddEndpointFilter<RequireToken>();
    api.MapUserApi();
    api.MapFilesApi();
    api.MapPermissionsApi();
    api.MapUploadApi();
    api.MapImportApi();
    api.MapDocxApi();
    api.MapSheetsApi();
    api.MapBitableApi();
    app.MapViewerPages();
}
else
{
    app.MapFallback(() => Results.Text("this Inkport process works the import queue only (--role worker): send API calls to another", statusCode: 503));
}

app.PrintBannerOnStart(options);
app.Run();

/// <summary>Visible to the tests, which start the real host.</summary>
public partial class Program;
