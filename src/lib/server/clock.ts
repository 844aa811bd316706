// The one place the server reads the time (a clock is at the edge of the world: unit tests
// inject their own into the pieces that take one, such as FailureThrottle).
export function now(): number {
	return Date.now();
}
