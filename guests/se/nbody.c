// nbody: the classic five-body (Sun and the outer planets) simulation with a
// symplectic integrator; prints the energy before and after. Argument: steps.
#include <math.h>

#include "guest.h"

#define BODIES 5
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body {
  double x, y, z, vx, vy, vz, mass;
};

static struct body bodies[BODIES] = {
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS}};

// Gives the Sun the momentum that makes the total zero.
static void offset_momentum(void) {
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < BODIES; i++) {
    px += bodies[i].vx * bodies[i].mass;
    py += bodies[i].vy * bodies[i].mass;
    pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / SOLAR_MASS;
  bodies[0].vy = -py / SOLAR_MASS;
  bodies[0].vz = -pz / SOLAR_MASS;
}

// Kinetic plus potential energy of the system.
static double energy(void) {
  double e = 0;
  for (int i = 0; i < BODIES; i++) {
    struct body* b = &bodies[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (int j = i + 1; j < BODIES; j++) {
      double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y, dz = b->z - bodies[j].z;
      e -= b->mass * bodies[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

// One time step: velocities from pairwise forces, then positions.
static void advance(double dt) {
  for (int i = 0; i < BODIES; i++)
    for (int j = i + 1; j < BODIES; j++) {
      double dx = bodies[i].x - bodies[j].x, dy = bodies[i].y - bodies[j].y,
             dz = bodies[i].z - bodies[j].z;
      double distance2 = dx * dx + dy * dy + dz * dz;
      double magnitude = dt / (distance2 * sqrt(distance2));
      bodies[i].vx -= dx * bodies[j].mass * magnitude;
      bodies[i].vy -= dy * bodies[j].mass * magnitude;
      bodies[i].vz -= dz * bodies[j].mass * magnitude;
      bodies[j].vx += dx * bodies[i].mass * magnitude;
      bodies[j].vy += dy * bodies[i].mass * magnitude;
      bodies[j].vz += dz * bodies[i].mass * magnitude;
    }
  for (int i = 0; i < BODIES; i++) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

int main(int argc, char** argv) {
  long steps = guest_size_arg(argc, argv, 5000);
  offset_momentum();
  double before = energy();
  printf("%.9f\n", before);
  for (long i = 0; i < steps; i++) advance(0.01);
  double after = energy();
  printf("%.9f\n", after);
  printf("bits %016llx %016llx\n", (unsigned long long)bits64(before), (unsigned long long)bits64(after));
  CHECK(fabs(before + 0.169075164) < 1e-9);
  CHECK(fabs(after - before) < 1e-4);
  return guest_finish("nbody");
}
