internal import Hummingbird
internal import ParleyMessaging

/// Marks the problems answered to an admin, who also read their ``Problem/adminDetail``; every
/// other caller reads the plain ``Problem/detail`` alone. It runs inside the authentication
/// middlewares, where the caller is known (``ProblemMiddleware`` runs outside them).
struct AdminDetailMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard case .admin? = context.identity else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch var problem as Problem {
            problem.showsAdminDetail = true
            throw problem
        } catch let error as MessagingError {
            var problem = ProblemMiddleware<Context>.problem(error, logger: context.logger)
            problem.showsAdminDetail = true
            throw problem
        }
    }
}
