using Inkport.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="InkportClient"/> in a service collection.</summary>
public static class InkportClientServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the registered client sends through (configure it with AddHttpClient(name)).</summary>
    public const string HttpClientName = "Inkport";

    /// <summary>Adds one shared <see cref="InkportClient"/>, sending through IHttpClientFactory (handlers rotate as usual).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the base URL and the app credentials.</param>
    /// <returns>The HttpClient builder, to add handlers.</returns>
    public static IHttpClientBuilder AddInkportClient(this IServiceCollection services, Action<InkportClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(provider =>
        {
            var options = new InkportClientOptions();
            configure(options);
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new InkportClient(() => factory.CreateClient(HttpClientName), options);
        });
        return services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
    }
}
