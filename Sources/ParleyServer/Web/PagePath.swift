/// The path of the request being answered, bound by ``WebSecurityHeadersMiddleware`` around every
/// route, so the page layout can mark the navigation link of the page shown (`aria-current`)
/// without every page passing its path along.
enum PagePath {
    /// The request's path; nil outside a request.
    @TaskLocal static var current: String?
}
