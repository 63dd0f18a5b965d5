namespace ChatHub.Inference;

/// <summary>Names of the inference stage's telemetry sources.</summary>
public static class InferenceTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name for inference metrics.</summary>
    public const string MeterName = "ChatHub.Inference";
}
