using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ChatHub.Hub.Telemetry;

/// <summary>
/// Listens to the hub's System.Diagnostics.Metrics instruments (meters named <c>ChatHub*</c>) and keeps them in a
/// form that <see cref="PrometheusTextWriter"/> writes out at <c>/metrics</c>. (The OpenTelemetry Prometheus exporter
/// is not restorable here; this is the small part of it the hub needs.)
/// </summary>
public sealed class PrometheusCollector : IDisposable
{
    internal static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Lock _collect = new();

    public PrometheusCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("ChatHub", StringComparison.Ordinal))
            {
                _instruments[instrument] = new InstrumentState(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => OnMeasurement(i, v, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments, then returns every instrument's state.</summary>
    internal IReadOnlyCollection<InstrumentState> Collect()
    {
        lock (_collect)
        {
            foreach (var state in _instruments.Values)
            {
                state.BeginObservation();
            }

            _listener.RecordObservableInstruments();
            return [.. _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var state))
        {
            state.Update(value, tags);
        }
    }

    internal sealed class InstrumentState
    {
        private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
        private readonly double[]? _bounds;

        public InstrumentState(Instrument instrument)
        {
            Instrument = instrument;
            Kind = instrument switch
            {
                Histogram<double> or Histogram<long> or Histogram<int> or Histogram<float> => MetricKind.Histogram,
                Counter<long> or Counter<double> or Counter<int> or Counter<float>
                    or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> => MetricKind.Counter,
                _ => MetricKind.Gauge,
            };
            IsObservable = instrument.IsObservable;
            if (Kind == MetricKind.Histogram)
            {
                _bounds = AdvisedBounds(instrument) is { Length: > 0 } advised ? advised : DefaultBounds;
            }

            Name = PrometheusTextWriter.MetricName(instrument.Name, instrument.Unit, Kind);
        }

        public Instrument Instrument { get; }

        /// <summary>The bucket boundaries the instrument advises (any number type), in order; null when none.</summary>
        private static double[]? AdvisedBounds(Instrument instrument) => instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Order()],
            Histogram<float> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x).Order()],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x).Order()],
            Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x).Order()],
            _ => null,
        };

        public string Name { get; }

        public MetricKind Kind { get; }

        public bool IsObservable { get; }

        public IEnumerable<MetricSeries> Series => _series.Values;

        /// <summary>Observable instruments report their full current state each time: drop the previous one.</summary>
        public void BeginObservation()
        {
            if (IsObservable)
            {
                _series.Clear();
            }
        }

        public void Update(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var pairs = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                pairs[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var key = string.Join('\u001f', pairs.Select(p => p.Key + "=" + p.Value));
            var series = _series.GetOrAdd(key, static (_, state) => new MetricSeries(state.pairs, state.bounds), (pairs, bounds: _bounds));
            switch (Kind)
            {
                case MetricKind.Histogram: series.Record(value); break;
                case MetricKind.Counter when IsObservable: series.Set(value); break;
                case MetricKind.Counter: series.Add(value); break;
                default:
                    if (IsObservable) { series.Set(value); } else { series.Add(value); } // UpDownCounter sums
                    break;
            }
        }
    }
}
