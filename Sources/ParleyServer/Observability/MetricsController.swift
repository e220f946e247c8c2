internal import ParleyMessaging
internal import Hummingbird
internal import Prometheus

/// `GET /metrics`: the registry's metrics in Prometheus' text format. Request counts and durations
/// come from Hummingbird's `MetricsMiddleware`, Parley's own from ``ParleyMetrics``; both reach the
/// registry once `MetricsSystem` is bootstrapped with a `PrometheusMetricsFactory` over it.
struct MetricsController {
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(8_192)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
