using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace XpFlywheel.Web.Operations.Telemetry;

/// <summary>Settings of the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// OTLP endpoint (for example <c>http://localhost:4317</c> for gRPC, or <c>http://localhost:4318</c> with
    /// <see cref="OtlpProtocol"/> <c>http</c>). Empty (the default) exports nothing.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http</c> (OTLP over HTTP/protobuf).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The service name the data is reported under.</summary>
    public string ServiceName { get; set; } = "xpflywheel";
}

public static class TelemetryExtensions
{
    /// <summary>
    /// The app's instruments, and OpenTelemetry metrics and traces exported over OTLP when
    /// <see cref="TelemetryOptions.OtlpEndpoint"/> is set: ASP.NET Core's requests, Kestrel and SignalR meters, the
    /// runtime's, and the exchange's (<see cref="ExchangeMetrics"/>, <see cref="LiveGauges"/>). Off by default.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveGauges>();
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint) || !Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint))
            return builder;

        var protocol = string.Equals(options.OtlpProtocol, "http", StringComparison.OrdinalIgnoreCase)
            ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf
            : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "System.Runtime", ExchangeMetrics.Name)
                .AddOtlpExporter(exporter => { exporter.Endpoint = Signal(endpoint, protocol, "v1/metrics"); exporter.Protocol = protocol; }))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(ExchangeMetrics.Name)
                .AddOtlpExporter(exporter => { exporter.Endpoint = Signal(endpoint, protocol, "v1/traces"); exporter.Protocol = protocol; }));
        return builder;
    }

    /// <summary>Creates the live gauges once the app is built, so they exist whether or not anything exports them.</summary>
    public static WebApplication UseTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<LiveGauges>();
        return app;
    }

    // OTLP over HTTP posts each signal to its own path; gRPC uses the endpoint as given.
    private static Uri Signal(Uri endpoint, OpenTelemetry.Exporter.OtlpExportProtocol protocol, string path) =>
        protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, path) : endpoint;
}
